"""Which quantity of the template a label names, section by section.

Labels vary ("本年收入" / "本年收入合计", "公务用车运行费" / "公务用车运行维护费"); a
concept is the template's one name for the quantity, shared by every section that states
it, so that a figure repeated in two places can be compared.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

# (section keys, pattern on the cleaned label, concept); the first match wins.
_TABLE: list[tuple[tuple[str, ...], str, str]] = [
    # 收入支出决算总体情况
    # "收、支总计各增加…": the two totals are equal, one figure for both
    (("overview",), r"收入支出(?:总体|总计|总额)|收支总体|^收、?支总计", "收入总计"),
    (("overview",), r"^收入总计$|^收入总计", "收入总计"),
    (("overview", "income"), r"^本年收入(?:合计)?$|^收入合计$", "本年收入合计"),
    (("overview",), r"使用非财政拨款结余", "使用非财政拨款结余"),
    (("overview",), r"年初结转和?结余", "年初结转和结余"),
    (("overview",), r"^支出总计", "支出总计"),
    (("overview", "expenditure"), r"^本年支出(?:合计)?$|^支出合计$", "本年支出合计"),
    (("overview",), r"结余分配", "结余分配"),
    (("overview",), r"年末结转和?结余", "年末结转和结余"),
    # 收入决算 / 支出决算 (a university report calls 本年收入合计 "收入总计" there)
    (("income",), r"^收入总计$", "本年收入合计"),
    (("expenditure",), r"^(?:各项)?支出总计$", "本年支出合计"),
    (("income",), r"^财政拨款收入$", "本年财政拨款收入"),
    (("income",), r"上级补助收入", "上级补助收入"),
    (("income",), r"事业收入", "事业收入"),
    (("income",), r"经营收入", "经营收入"),
    (("income",), r"附属单位上缴收入", "附属单位上缴收入"),
    (("income",), r"其他收入", "其他收入"),
    (("expenditure",), r"^基本支出$", "基本支出"),
    (("expenditure",), r"^项目支出$", "项目支出"),
    (("expenditure",), r"上缴上级支出", "上缴上级支出"),
    (("expenditure",), r"经营支出", "经营支出"),
    (("expenditure",), r"对附属单位补助支出", "对附属单位补助支出"),
    # 财政拨款收入支出决算总体情况
    (("fiscal",), r"收入支出(?:总体|总计|总额)|收支总体|收、?支总计", "财政拨款收入总计"),
    (("fiscal",), r"年初.*结转和?结余", "年初财政拨款结转和结余"),
    (("fiscal",), r"年末.*结转和?结余", "年末财政拨款结转和结余"),
    (("fiscal",), r"收入总计", "财政拨款收入总计"),
    (("fiscal",), r"支出总计", "财政拨款支出总计"),
    (("fiscal",), r"^本年.*收入", "本年财政拨款收入"),
    (("fiscal",), r"^本年.*支出", "本年财政拨款支出"),
    # 一般公共预算财政拨款支出
    (("general",), r"^一般公共预算财政拨款支出(?:决算)?$", "一般公共预算财政拨款支出"),
    # 基本支出
    (("basic",), r"基本支出", "一般公共预算财政拨款基本支出"),
    (("basic",), r"人员经费", "人员经费"),
    (("basic",), r"公用经费", "公用经费"),
    # 三公
    (("sangong",), r"三公", "三公经费"),
    (("sangong",), r"出国.*团组", "因公出国（境）团组"),
    (("sangong",), r"出国", "因公出国（境）费"),
    (("sangong",), r"公务用车购置及运行", "公务用车购置及运行维护费"),
    (("sangong",), r"公务用车购置(?:费|数|支出)?$", "公务用车购置费"),
    (("sangong",), r"公务用车运行", "公务用车运行维护费"),
    (("sangong",), r"公务用车保有量", "公务用车保有量"),
    (("sangong",), r"固定资产车辆|资产.*车辆", "车辆"),
    (("sangong",), r"公务接待", "公务接待费"),
    # 政府性基金 / 国有资本经营: the same words, qualified by the budget they belong to
    (("fund", "capital"), r"收入支出(?:总体|总计|总额)?$|收支总体|收、?支总计|收入总计", "收入总计"),
    (("fund", "capital"), r"年初.*结转和?结余", "年初结转和结余"),
    (("fund", "capital"), r"年末.*结转和?结余", "年末结转和结余"),
    (("fund", "capital"), r"支出总计", "支出总计"),
    (("fund", "capital"), r"^本年收入|财政拨款收入$", "本年收入"),
    (("fund", "capital"), r"^本年支出|财政拨款支出$", "本年支出"),
    # 其他重要事项
    (("other.running",), r"机关运行经费", "机关运行经费"),
    # "政府采购金额（以合同签订为准）为 X 万元，其中：货物采购金额 …": the total, by the
    # Shanghai wording; a bare "采购金额" is an award to SMEs, never the total
    (("other.procurement",), r"采购支出总额|采购总额|采购支出|^政府采购(?:总金额|金额)", "政府采购支出总额"),
    (("other.procurement",), r"货物", "政府采购货物支出"),
    (("other.procurement",), r"工程", "政府采购工程支出"),
    (("other.procurement",), r"服务", "政府采购服务支出"),
    (("other.procurement",), r"小微企业", "授予小微企业合同金额"),
    (("other.procurement",), r"中小企业", "授予中小企业合同金额"),
    (("other.assets",), r"^车辆$", "车辆"),
    (("other.assets",), r"用车$", "车辆:"),
    (("other.assets",), r"固定资产(?:原值|总额)?$", "固定资产原值"),
    # 机构设置及人员情况
    (("organisation",), r"实有人数", "实有人数"),
    (("organisation",), r"在职", "在职人员"),
    (("organisation",), r"离休", "离休人员"),
    (("organisation",), r"退休", "退休人员"),
]

_COMPILED = [(keys, re.compile(pattern), concept) for keys, pattern, concept in _TABLE]
_QUALIFIED = {"fund": "政府性基金", "capital": "国有资本经营"}


# Statements of every report name the same few quantities in the same words; the concept
# is a pure function of the words and the section, so each is looked up once.
@lru_cache(maxsize=8192)
def concept_of(section: str | None, subsection: str | None, label: str, unit_kind: str) -> str | None:
    """The concept a label names in a section, or None when the vocabulary does not know it.

    ``unit_kind`` is "money" or a count unit; a count and an amount of the same words
    ("车辆 49 辆", "价值 1124.02 万元") are different quantities.
    """
    if not label:
        return None
    for pattern, concept in _entries_for(section, subsection):
        if pattern.search(label):
            if concept.endswith(":"):
                concept += label
            prefix = _QUALIFIED.get(section, "") if section in ("fund", "capital") else ""
            concept = f"{prefix}{'.' if prefix else ''}{concept}"
            return concept if unit_kind == "money" else f"{concept}#{unit_kind}"
    return None


@cache
def _entries_for(section: str | None, subsection: str | None) -> tuple[tuple[re.Pattern, str], ...]:
    """The table's entries that apply in a (sub)section, in the table's order."""
    return tuple((pattern, concept) for keys, pattern, concept in _COMPILED
                 if subsection in keys or section in keys)


_SEARCH_ORDER = ("overview", "income", "expenditure", "fiscal", "general", "basic", "sangong",
                 "other.procurement", "other.running")


def concept_anywhere(label: str, section: str | None, subsection: str | None) -> str | None:
    """A money concept named by ``label`` in its own section first, then in any section.

    "占本年支出合计的" in the general budget section speaks of a total of the overview.
    """
    found = concept_of(section, subsection, label, "money")
    for key in _SEARCH_ORDER:
        if found:
            break
        found = concept_of(key, key, label, "money")
    return found
