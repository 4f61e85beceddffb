"""Which cell a failed table sum names: the one printed wrong, not a right one beside it."""
from juesuan.api import check_text

_HEAD = "支出决算表\n单位：万元\n科目编码  科目名称  本年支出合计  基本支出  项目支出\n"


def _t102(rows: str) -> list[tuple[str, str, str, str]]:
    return [(f.location.row, f.location.column, f.stated, f.expected)
            for f in check_text(_HEAD + rows).errors if f.rule == "T102"]


def test_a_wrong_kuan_is_named_alone_not_its_right_lei():
    # 20502 printed 90.00 where its 项 make 100.00: 205 = 20501 + 20502 fails too, but
    # holds with 20502 put right
    rows = ("合计  150.00  100.00  50.00\n205  教育支出  150.00  100.00  50.00\n"
            "20501  教育管理事务  50.00  50.00  0.00\n2050101  行政运行  50.00  50.00  0.00\n"
            "20502  普通教育  90.00  50.00  50.00\n2050201  学前教育  60.00  30.00  30.00\n"
            "2050202  小学教育  40.00  20.00  20.00\n")
    assert _t102(rows) == [("20502 普通教育", "本年支出合计", "90.00", "100.00")]


def test_a_wrong_total_and_a_wrong_lei_apart_are_both_named():
    # 合计 is wrong by 5.00 and 205 by 10.00: no one cell put right mends the other's sum
    rows = ("合计  155.00  100.00  50.00\n205  教育支出  140.00  100.00  50.00\n"
            "20501  教育管理事务  150.00  100.00  50.00\n")
    assert _t102(rows) == [("合计", "本年支出合计", "155.00", "140.00"),
                           ("205 教育支出", "本年支出合计", "140.00", "150.00")]


def test_a_wrong_total_alone_is_named():
    rows = ("合计  160.00  100.00  50.00\n205  教育支出  150.00  100.00  50.00\n"
            "20501  教育管理事务  150.00  100.00  50.00\n")
    assert _t102(rows) == [("合计", "本年支出合计", "160.00", "150.00")]


def test_a_wrong_xiang_total_is_named_by_its_own_row_not_by_its_right_kuan():
    # 2050202's 本年支出合计 printed 50.00 where its 基本支出 + 项目支出 make 40.00: its 款
    # 20502 then is not the sum of its 项 as printed, but is with 2050202 put right
    rows = ("合计  100.00  50.00  50.00\n205  教育支出  100.00  50.00  50.00\n"
            "20502  普通教育  100.00  50.00  50.00\n2050201  学前教育  60.00  30.00  30.00\n"
            "2050202  小学教育  50.00  20.00  20.00\n")
    found = [(f.rule, f.location.row, f.stated, f.expected) for f in check_text(_HEAD + rows).errors]
    assert found == [("T101", "2050202 小学教育", "50.00", "40.00")]


def _errors(rows: str) -> list[tuple[str, str, str, str, str]]:
    return [(f.rule, f.location.row, f.location.column, f.stated, f.expected)
            for f in check_text(_HEAD + rows).errors]


def test_a_wrong_part_column_of_a_xiang_is_named_not_its_total_nor_its_kuan():
    # 2050202's 基本支出 printed 26.00 where 40.00 − 20.00 = 20.00: its row fails, and its
    # 款's 基本支出 (50.00) is the sum of its 项 with 20.00, not with 26.00
    rows = ("合计  100.00  50.00  50.00\n205  教育支出  100.00  50.00  50.00\n"
            "20502  普通教育  100.00  50.00  50.00\n2050201  学前教育  60.00  30.00  30.00\n"
            "2050202  小学教育  40.00  26.00  20.00\n")
    assert _errors(rows) == [("T101", "2050202 小学教育", "基本支出", "26.00", "20.00")]


def test_a_wrong_part_column_of_the_total_row_is_named_once_by_its_lower_rows():
    rows = ("合计  100.00  55.00  50.00\n205  教育支出  100.00  50.00  50.00\n"
            "20502  普通教育  100.00  50.00  50.00\n")
    assert _errors(rows) == [("T102", "合计", "基本支出", "55.00", "50.00")]


def test_a_wrong_total_column_with_right_parts_keeps_its_finding():
    # the part columns add up down the 项: the row's total is the wrong cell
    rows = ("合计  100.00  50.00  50.00\n205  教育支出  100.00  50.00  50.00\n"
            "20502  普通教育  100.00  50.00  50.00\n2050201  学前教育  60.00  30.00  30.00\n"
            "2050202  小学教育  45.00  20.00  20.00\n")
    assert _errors(rows) == [("T101", "2050202 小学教育", "本年支出合计", "45.00", "40.00")]


def test_a_part_column_that_no_sum_down_the_table_points_at_leaves_the_total_named():
    # a table without its 类/款 rows: nothing says which cell of the row is wrong
    rows = "2050202  小学教育  40.00  26.00  20.00\n"
    assert _errors(rows) == [("T101", "2050202 小学教育", "本年支出合计", "40.00", "46.00")]


_FISCAL = ("财政拨款收入支出决算总表\n单位：万元\n"
           "项目  决算数  项目  合计  一般公共预算财政拨款  政府性基金预算财政拨款  国有资本经营预算财政拨款\n"
           "一、一般公共预算财政拨款  {general}  五、教育支出  100.00  100.00  0.00  0.00\n"
           "二、政府性基金预算财政拨款  0.00  \n"
           "三、国有资本经营预算财政拨款  0.00  \n"
           "本年收入合计  {income}  本年支出合计  100.00  100.00  0.00  0.00\n"
           "年初财政拨款结转和结余  {opening}  年末财政拨款结转和结余  10.00  10.00  0.00  0.00\n"
           "一、一般公共预算财政拨款  {opening_general}\n"
           "二、政府性基金预算财政拨款  0.00\n"
           "三、国有资本经营预算财政拨款  0.00\n"
           "总计  {grand}  总计  110.00  110.00  0.00  0.00\n")
_RIGHT = {"general": "95.00", "income": "95.00", "opening": "15.00", "opening_general": "15.00", "grand": "110.00"}


def _fiscal_errors(**changed) -> list[tuple[str, str, str, str, str]]:
    text = _FISCAL.format(**{**_RIGHT, **changed})
    return [(f.rule, f.location.row, f.location.column, f.stated, f.expected)
            for f in check_text(text).errors if f.rule.startswith("T1")]


def test_the_fiscal_tables_opening_balance_is_the_sum_of_its_funds():
    assert _fiscal_errors() == []
    assert _fiscal_errors(opening_general="51.00") == [
        ("T103", "年初财政拨款结转和结余", "决算数", "15.00", "51.00")]


def test_a_grand_total_equal_to_the_other_sides_is_not_blamed_for_a_wrong_part():
    # 本年收入合计 and its line printed 92.00 both (the other tables would tell): the 总计
    # 110.00 is the right side's, which adds up; the 总计 is not to be changed to 107.00,
    # and each of its rows is settled by a sum of its own
    assert _fiscal_errors(general="92.00", income="92.00") == []


def test_a_wrong_grand_total_is_named():
    assert _fiscal_errors(grand="101.00") == [("T103", "总计", "决算数", "101.00", "110.00")]


_SUMMARY = ("收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n"
            "一、一般公共预算财政拨款收入  90.00  一、一般公共服务支出  80.00\n"
            "八、其他收入  10.00  五、教育支出  20.00\n"
            "本年收入合计  100.00  本年支出合计  100.00\n"
            "使用非财政拨款结余  {unused}  结余分配  0.00\n"
            "年初结转和结余  {opening}  年末结转和结余  5.00\n"
            "总计  105.00  总计  105.00\n")


def _summary_errors(unused="0.00", opening="5.00") -> list[tuple[str, str, str, str | None]]:
    return [(f.rule, f.location.row, f.stated, f.expected)
            for f in check_text(_SUMMARY.format(unused=unused, opening=opening)).errors if f.rule.startswith("T1")]


def test_a_wrong_row_under_a_right_grand_total_is_said_without_a_guess():
    # 总计 105.00 = the right side's, which adds up: 使用非财政拨款结余 or 年初结转和结余 is
    # wrong, and nothing says which
    assert _summary_errors() == []
    assert _summary_errors(unused="1.00") == [("T103", "总计", "105.00", None)]


def test_the_one_row_no_sum_settles_is_named_under_a_right_grand_total():
    # in the fiscal table 本年收入合计 is settled by its lines and 年初 by its funds: 年初
    # printed wrong alone is the row named, with the value the 总计 leaves it
    assert _fiscal_errors(opening="51.00") == [
        ("T103", "年初财政拨款结转和结余", "决算数", "51.00", "15.00")]


def test_a_part_stated_unlike_its_table_is_named_not_the_total_the_table_bears_out():
    # 公务用车运行维护费 said as 28.24 where the 三公 table gives 22.84: the total 22.84 said
    # before is the table's, and the parts as the tables give them add up to it
    from pathlib import Path
    text = (Path(__file__).parent / "data" / "report-with-tables.txt").read_text(encoding="utf-8")
    wrong = text.replace("公务用车运行维护费 22.84 万元，开支车辆", "公务用车运行维护费 28.24 万元，开支车辆")
    assert wrong != text
    assert [(f.rule, f.stated, f.expected) for f in check_text(wrong).errors] == [
        ("T301", "28.24 万元", "22.84 万元")]
