"""The public tables of each known layout: how to know each, and what its columns are.

A layout is a declaration: its tables, each with its columns (and which of them are
"其中" columns, parts *of* another column rather than parts of a sum), the sums its
columns and rows must satisfy, and the figures two of its tables share. The nine tables of
the MoF template are one layout; the four of the 教育部 university report another. Adding
a layout means adding a declaration, not code.

A column is known by the words of its header (headers span several rows and wrap, so
they are matched as joined text); a table by its title.
"""
from __future__ import annotations

import re
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    #: a pattern over the column's joined header text
    header: str
    #: for a "其中" column, the column it is part of: it is in no sum, and no larger than that
    of: str | None = None


#: the words of a header over last year's figures ("上年决算数", "上年数"); 上年结转 and
#: 上年结余 are this year's opening balance, not last year's figures
_PRIOR_YEAR = re.compile(r"上一?年度?(?!度?(?:结转|结余))")
#: the key of a column of last year's figures: this before the key of this year's column
#: of the same words ("上年:决算数"); no sum of the declaration names such a key
PRIOR_YEAR = "上年:"


#: the year of the report being read, where known (set while its tables are read): some
#: regions head the columns by the years' numbers ("2023年决算数" beside "2024年决算数")
REPORT_YEAR: ContextVar[int | None] = ContextVar("report_year", default=None)
_NAMED_YEAR = re.compile(r"(20\d\d)\s*年度?")


#: the words of a header over last year's figures that name no column of their own
_PRIOR_ONLY = re.compile(r"(?:决算)?数?")


def prior_year_key(header: str, key_of, whole: str | None = None) -> str | None:
    """``key_of`` the header's words (spaces removed); for a column of last year's figures,
    that of its other words behind :data:`PRIOR_YEAR`, so that it is never taken for, nor
    added to, this year's column of the same words. A header naming the report's year or
    the year before by number is this year's or last year's column. ``whole``: the
    column that last year's figures headed by no other words ("上年决算数") are of, in
    a table without a 决算数 column (its total, in a table of a total and its parts)."""
    plain, last_year = _without_year(re.sub(r"\s+", "", header))
    if not last_year and not _PRIOR_YEAR.search(plain):
        return key_of(plain)
    rest = _PRIOR_YEAR.sub("", plain)
    key = key_of(rest) or (whole if _PRIOR_ONLY.fullmatch(rest) else None)
    return PRIOR_YEAR + key if key else None


def _without_year(plain: str) -> tuple[str, bool]:
    """The header without the report's year or the year before named by number, and
    whether it named the year before; as it is where the report's year is not known or
    the header names another year."""
    year, match = REPORT_YEAR.get(), _NAMED_YEAR.search(plain)
    if year is None or match is None or int(match.group(1)) not in (year, year - 1):
        return plain, False
    return plain[:match.start()] + plain[match.end():], int(match.group(1)) == year - 1


@dataclass(frozen=True)
class TableSpec:
    key: str                       # stable id, e.g. "income"
    number: int                    # its place among the nine (一 … 九)
    title: str                     # the template's title
    title_pattern: str
    columns: tuple[Column, ...]
    #: (total column, part columns) that hold in every row
    column_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: whether rows are 类/款/项 lines with codes (their sums follow the hierarchy)
    classified: bool = False
    #: the table lists label/value pairs side by side (income left, expenditure right)
    two_sided: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: the layout the table belongs to
    layout: str = "mof"
    #: sums down one side of a two-sided table: (side, total row, part rows), rows named by
    #: patterns over their labels; "*" takes every row of that side above the total that is
    #: neither a total, a balance nor a "其中" row; "below" the rows printed right under the
    #: total that break it down (年初财政拨款结转和结余 by fund), up to the next total
    side_sums: tuple[tuple[str, str, str | tuple[str, ...]], ...] = ()
    #: (left row, right row) of a two-sided table that must be equal (收入总计 = 支出总计)
    balance: tuple[str, str] | None = None
    #: the figure columns of each half, in the order the template prints them (a table
    #: printed without alignment is read in this order); empty: one half, ``columns``
    printed: tuple[tuple[str, ...], ...] = ()
    #: the labels of the rows each half of a two-sided table prints, as the template words
    #: them without their numbering (:data:`CLASSES`: the 类 of the function classification);
    #: a label that wraps is put together, and given to its half, by these names
    row_names: tuple[tuple[str, ...], ...] = ()

    def halves(self) -> tuple[tuple[str, ...], ...]:
        """The figure columns of each half (one half when not two-sided), in print order."""
        return self.printed or (tuple(column.key for column in self.columns),)

    def column(self, header: str) -> str | None:
        """The key of the column whose header text this is (the first that matches).

        A header that says "其中" names a part of another column: only a declared "其中"
        column can be it, never the column it is a part of (whose words it repeats).
        A header over last year's figures is keyed apart (see :func:`prior_year_key`)."""
        return prior_year_key(header, self._this_year_column, self._whole())

    def _whole(self) -> str | None:
        """The table's total column, where its figures are a total and its parts (the
        total printed first)."""
        sums = self.column_sums
        return sums[0][0] if len(sums) == 1 and self.columns and self.columns[0].key == sums[0][0] else None

    def _this_year_column(self, plain: str) -> str | None:
        of_which = "其中" in plain
        for column in self.columns:
            if (column.of is not None) == of_which and re.search(column.header, plain):
                return column.key
        return None

    @property
    def of_which(self) -> tuple[tuple[str, str], ...]:
        """(part column, the column it is part of) for each declared "其中" column."""
        return tuple((column.key, column.of) for column in self.columns if column.of)


_SOURCES = (Column("本年收入合计", r"(?:^|本年)收入合计|^合计$"), Column("财政拨款收入", r"财政拨款"),
            Column("上级补助收入", r"上级补助"), Column("事业收入", r"事业收入"),
            Column("经营收入", r"经营收入"), Column("附属单位上缴收入", r"附属单位"),
            Column("其他收入", r"其他收入"))
_KINDS = (Column("本年支出合计", r"(?:^|本年)支出合计|^合计$"), Column("基本支出", r"基本支出"),
          Column("项目支出", r"项目支出"), Column("上缴上级支出", r"上缴上级"),
          Column("经营支出", r"经营支出"), Column("对附属单位补助支出", r"对附属单位"))
_FUND = (Column("年初结转和结余", r"年初结转"), Column("本年收入", r"本年收入"),
         Column("本年支出合计", r"本年支出.*(?:合计|小计)|^本年支出$|^合计$"), Column("基本支出", r"基本支出"),
         Column("项目支出", r"项目支出"), Column("年末结转和结余", r"年末结转"))
#: in :attr:`TableSpec.row_names`: every 类 of the function classification ("教育支出")
CLASSES = "类"

#: 部门预算支出经济分类科目 of the basic-spending table: 人员经费 on the left …
ECONOMIC_PERSONNEL = (
    ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"),
    ("30106", "伙食补助费"), ("30107", "绩效工资"), ("30108", "机关事业单位基本养老保险缴费"),
    ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"), ("30111", "公务员医疗补助缴费"),
    ("30112", "其他社会保障缴费"), ("30113", "住房公积金"), ("30114", "医疗费"), ("30199", "其他工资福利支出"),
    ("303", "对个人和家庭的补助"), ("30301", "离休费"), ("30302", "退休费"), ("30303", "退职（役）费"),
    ("30304", "抚恤金"), ("30305", "生活补助"), ("30306", "救济费"), ("30307", "医疗费补助"),
    ("30308", "助学金"), ("30309", "奖励金"), ("30310", "个人农业生产补贴"), ("30311", "代缴社会保险费"),
    ("30399", "其他对个人和家庭的补助"),
)
#: … and 公用经费 on the right
ECONOMIC_PUBLIC = (
    ("302", "商品和服务支出"), ("30201", "办公费"), ("30202", "印刷费"), ("30203", "咨询费"),
    ("30204", "手续费"), ("30205", "水费"), ("30206", "电费"), ("30207", "邮电费"), ("30208", "取暖费"),
    ("30209", "物业管理费"), ("30211", "差旅费"), ("30212", "因公出国（境）费用"), ("30213", "维修（护）费"),
    ("30214", "租赁费"), ("30215", "会议费"), ("30216", "培训费"), ("30217", "公务接待费"),
    ("30218", "专用材料费"), ("30224", "被装购置费"), ("30225", "专用燃料费"), ("30226", "劳务费"),
    ("30227", "委托业务费"), ("30228", "工会经费"), ("30229", "福利费"), ("30231", "公务用车运行维护费"),
    ("30239", "其他交通费用"), ("30240", "税金及附加费用"), ("30299", "其他商品和服务支出"),
    ("307", "债务利息及费用支出"), ("30701", "国内债务付息"), ("30702", "国外债务付息"),
    ("310", "资本性支出"), ("31001", "房屋建筑物购建"), ("31002", "办公设备购置"), ("31003", "专用设备购置"),
    ("31005", "基础设施建设"), ("31006", "大型修缮"), ("31007", "信息网络及软件购置更新"),
    ("31008", "物资储备"), ("31009", "土地补偿"), ("31010", "安置补助"), ("31011", "地上附着物和青苗补偿"),
    ("31012", "拆迁补偿"), ("31013", "公务用车购置"), ("31019", "其他交通工具购置"),
    ("31021", "文物和陈列品购置"), ("31022", "无形资产购置"), ("31099", "其他资本性支出"),
    ("399", "其他支出"), ("39999", "其他支出"),
)

_INCOME_ROWS = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "财政拨款收入",
                "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "本年收入合计",
                "使用非财政拨款结余", "用事业基金弥补收支差额", "年初结转和结余", "总计")
#: (the 2024 template prints 二十四、抗疫特别国债安排的支出, a 类 of that year only)
_SPENDING_ROWS = (CLASSES, "抗疫特别国债安排的支出", "本年支出合计", "结余分配", "年末结转和结余", "总计")
_FISCAL_ROWS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "本年收入合计",
                "年初财政拨款结转和结余", "总计")
_SANGONG_PARTS = ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费",
                  "公务用车运行维护费", "公务接待费")

SPECS: tuple[TableSpec, ...] = (
    TableSpec("summary", 1, "收入支出决算总表", r"收(?:入)?支(?:出)?决算总表",
              (Column("决算数", r"决算|金额"),), two_sided=True, printed=(("决算数",), ("决算数",)),
              side_sums=(("left", "本年收入合计", "*"), ("right", "本年支出合计", "*"),
                         ("left", "总计", ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")),
                         ("right", "总计", ("本年支出合计", "结余分配", "年末结转和结余"))),
              balance=("总计", "总计"), row_names=(_INCOME_ROWS, _SPENDING_ROWS)),
    TableSpec("income", 2, "收入决算表", r"收入决算表", _SOURCES,
              (("本年收入合计", tuple(c.key for c in _SOURCES[1:])),), classified=True),
    TableSpec("expenditure", 3, "支出决算表", r"(?<!收入)支出决算表", _KINDS,
              (("本年支出合计", tuple(c.key for c in _KINDS[1:])),), classified=True),
    TableSpec("fiscal", 4, "财政拨款收入支出决算总表", r"财政拨款收(?:入)?支(?:出)?决算总表",
              (Column("一般公共预算财政拨款", r"一般公共预算"), Column("政府性基金预算财政拨款", r"政府性基金"),
               Column("国有资本经营预算财政拨款", r"国有资本"), Column("合计", r"合计|小计"),
               Column("决算数", r"决算|金额")),
              (("合计", ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),),
              two_sided=True, side_sums=(("left", "本年收入合计", "*"), ("right", "本年支出合计", "*"),
                                         ("left", "年初财政拨款结转和结余", "below"),
                                         ("left", "总计", ("本年收入合计", "年初财政拨款结转和结余")),
                                         ("right", "总计", ("本年支出合计", "年末财政拨款结转和结余"))),
              balance=("总计", "总计"),
              printed=(("决算数",), ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),
              row_names=(_FISCAL_ROWS, (CLASSES, "抗疫特别国债安排的支出", "本年支出合计", "年末财政拨款结转和结余", "总计"))),
    TableSpec("general", 5, "一般公共预算财政拨款支出决算表", r"一般公共预算财政拨款支出决算(?:明细)?表",
              (Column("合计", r"合计|小计"), Column("基本支出", r"基本支出"), Column("项目支出", r"项目支出")),
              (("合计", ("基本支出", "项目支出")),), classified=True),
    TableSpec("basic", 6, "一般公共预算财政拨款基本支出决算表", r"基本支出决算(?:明细)?表",
              (Column("决算数", r"决算|金额"),), two_sided=True, printed=(("决算数",), ("决算数",)),
              row_names=(("人员经费合计", "人员经费", *(name for _, name in ECONOMIC_PERSONNEL)),
                         ("公用经费合计", "公用经费", *(name for _, name in ECONOMIC_PUBLIC)))),
    TableSpec("sangong", 7, "财政拨款“三公”经费支出决算表", r"三公.{0,4}经费.*决算表",
              tuple(Column(f"{part}:{kind}", "") for part in _SANGONG_PARTS for kind in ("预算数", "决算数"))),
    TableSpec("fund", 8, "政府性基金预算财政拨款收入支出决算表", r"政府性基金.*决算表", _FUND,
              (("本年支出合计", ("基本支出", "项目支出")),), classified=True),
    TableSpec("capital", 9, "国有资本经营预算财政拨款收入支出决算表", r"国有资本经营.*决算表", _FUND,
              (("本年支出合计", ("基本支出", "项目支出")),), classified=True),
)
SANGONG_PARTS = _SANGONG_PARTS
#: the last words of a 三公 column's header: which figure it holds ("预算数", "决算数"; also
#: "全年预算数", and "预算" / "决算" without 数)
_SANGONG_KIND = re.compile(r"(?:全年|年初)?(预算|决算)数?$")


def is_sangong_kind(word: str) -> bool:
    """Whether a header word is a 三公 column's innermost one (预算数, 决算数 and their forms)."""
    return _SANGONG_KIND.fullmatch(word) is not None


def sangong_column(header: str) -> str | None:
    """"…公务用车购置及运行维护费公务用车购置费预算数" -> "公务用车购置费:预算数": the
    innermost header (the end of the joined text) names the column."""
    return prior_year_key(header, _sangong_this_year)


#: the kind printed over the six items (the central template: 预算数 over 合计 … 公务接待费),
#: the item's words after it
_SANGONG_KIND_OVER = re.compile(r"(?:全年|年初)?(预算|决算)数?(?=\S*(?:合计|小计|费)$)")


def _sangong_this_year(header: str) -> str | None:
    match = _SANGONG_KIND.search(header)
    if match is not None:
        kind, tail = match.group(1) + "数", header[:match.start()]
    elif len(re.findall("预算|决算", header)) == 1 and (over := _SANGONG_KIND_OVER.search(header)):
        kind, tail = over.group(1) + "数", header[over.end():]
    else:
        return None
    if tail.endswith(("小计", "购置及运行维护费", "购置及运行费")):
        part = _SANGONG_PARTS[2]
    elif tail.endswith("购置费"):
        part = _SANGONG_PARTS[3]
    elif tail.endswith(("运行维护费", "运行费")):
        part = _SANGONG_PARTS[4]
    elif "接待" in tail:
        part = _SANGONG_PARTS[5]
    elif "出国" in tail:
        part = _SANGONG_PARTS[1]
    else:
        part = _SANGONG_PARTS[0]
    return f"{part}:{kind}"

# The 教育部 university layout (高等学校部门决算): four tables, with "其中" columns (事业收入
# of which 教育收费; 项目支出 of which 基本建设资金支出) and "其中" rows in the summary.
_UNIV_SOURCES = (*_SOURCES[:4], Column("教育收费", r"教育收费|其中", of="事业收入"), *_SOURCES[4:])
UNIVERSITY: tuple[TableSpec, ...] = (
    TableSpec("univ.summary", 1, "高等学校收支决算总表", r"高等学校.{0,4}收支决算总表",
              (Column("决算数", r"决算|金额"),), two_sided=True, layout="university",
              side_sums=(("left", "本年收入合计", "*"), ("right", "本年支出合计", "*"),
                         ("left", "^合计$|^总计$", ("本年收入合计", "使用非财政拨款结余", "(?:年初|上年)结转和结余")),
                         ("right", "^合计$|^总计$", ("本年支出合计", "结余分配", "年末结转和结余"))),
              balance=("^合计$|^总计$", "^合计$|^总计$")),
    TableSpec("univ.income", 2, "高等学校收入决算表", r"高等学校.{0,4}收入决算表", _UNIV_SOURCES,
              (("本年收入合计", tuple(c.key for c in _SOURCES[1:])),), classified=True, layout="university"),
    TableSpec("univ.expenditure", 3, "高等学校支出决算表", r"高等学校.{0,4}(?<!拨款)支出决算表", _KINDS,
              (("本年支出合计", tuple(c.key for c in _KINDS[1:])),), classified=True, layout="university"),
    TableSpec("univ.fiscal", 4, "高等学校财政拨款支出决算表", r"高等学校.{0,4}财政拨款支出决算表",
              (Column("合计", r"合计"), Column("基本支出", r"基本支出"), Column("项目支出", r"项目支出"),
               Column("基本建设资金支出", r"基本建设|其中", of="项目支出")),
              (("合计", ("基本支出", "项目支出")),), classified=True, layout="university"),
)


@dataclass(frozen=True)
class Layout:
    """A family of reports printing the same tables: the tables, in the order their titles
    are tried (a title that is the end of a longer one comes after it), and the figures
    two of its tables both give."""

    key: str
    name: str
    tables: tuple[TableSpec, ...]
    #: (table key, row label, side, column) pairs that hold the same figure
    shared: tuple[tuple[tuple[str, str, str | None, str], tuple[str, str, str | None, str]], ...] = ()
    #: the sections its explanation must have (keys of the section vocabulary)
    sections: tuple[str, ...] = ()


#: the order titles are tried in: "支出决算表" is also the end of four longer titles
_BY_SPECIFICITY = ("fiscal", "general", "basic", "sangong", "fund", "capital", "summary", "income",
                   "expenditure")
BY_KEY = {spec.key: spec for spec in SPECS}

LAYOUTS: tuple[Layout, ...] = (
    # Tried first: every one of its titles says 高等学校, and ends like a template title.
    Layout("university", "教育部高等学校部门决算",
           tuple(UNIVERSITY[i] for i in (3, 0, 1, 2)),
           ((("univ.summary", "本年收入合计", "left", "决算数"), ("univ.income", "合计", None, "本年收入合计")),
            (("univ.summary", "本年支出合计", "right", "决算数"), ("univ.expenditure", "合计", None, "本年支出合计")),
            (("univ.summary", "财政拨款收入", "left", "决算数"), ("univ.income", "合计", None, "财政拨款收入")),
            (("univ.summary", "事业收入", "left", "决算数"), ("univ.income", "合计", None, "事业收入")),
            (("univ.summary", "其他收入", "left", "决算数"), ("univ.income", "合计", None, "其他收入"))),
           sections=("income", "expenditure", "fiscal")),
    Layout("mof", "财政部部门决算公开模板", tuple(BY_KEY[key] for key in _BY_SPECIFICITY),
           ((("summary", "本年收入合计", "left", "决算数"), ("income", "合计", None, "本年收入合计")),
            (("summary", "本年支出合计", "right", "决算数"), ("expenditure", "合计", None, "本年支出合计")),
            (("income", "合计", None, "财政拨款收入"), ("fiscal", "本年收入合计", "left", "决算数")),
            (("fiscal", "本年支出合计", "right", "一般公共预算财政拨款"), ("general", "合计", None, "合计")),
            (("fiscal", "本年支出合计", "right", "政府性基金预算财政拨款"), ("fund", "合计", None, "本年支出合计")),
            (("fiscal", "本年支出合计", "right", "国有资本经营预算财政拨款"), ("capital", "合计", None, "本年支出合计"))),
           sections=("overview", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital")),
)
ALL_SPECS: tuple[TableSpec, ...] = tuple(spec for layout in LAYOUTS for spec in layout.tables)
BY_LAYOUT = {layout.key: layout for layout in LAYOUTS}


def layout_of(tables) -> Layout:
    """The layout most of a report's recognised tables belong to (the MoF template's when
    there are none)."""
    counts = Counter(table.spec.layout for table in tables)
    return BY_LAYOUT[counts.most_common(1)[0][0]] if counts else BY_LAYOUT["mof"]


def spec_for_title(title: str) -> TableSpec | None:
    """The table a title names ("收入决算表", "XX局2024年度政府性基金预算财政拨款收入支出决算表",
    "表2：高等学校收入决算表"), in whichever known layout names it."""
    if "表" not in title:
        return None         # every title ends in 表; most cells tried are no title
    plain = _TITLE_NOISE.sub("", title)
    for pattern, spec in _TITLE_PATTERNS:
        if pattern.search(plain):
            return spec
    return None


_TITLE_NOISE = re.compile(r"[\s《》]")
_TITLE_PATTERNS = tuple((re.compile(spec.title_pattern), spec) for spec in ALL_SPECS)
assert all("表" in spec.title_pattern for _, spec in _TITLE_PATTERNS)
