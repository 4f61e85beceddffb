"""A table whose cells are parted by two spaces, not laid out in columns (the text of a
PDF's table, one field per cell): its header names the columns in the template's order."""
from juesuan.api import check_text

_TABLE = """某某局2024年度部门决算
第一部分 2024年度部门决算表
支出决算表
单位：万元
项目  本年支出合计  基本支出  项目支出  上缴上级支出  经营支出  对附属单位补助支出
科目编码  科目名称
合计  300.00  200.00  100.00  0.00  0.00  0.00
201  一般公共服务支出  300.00  200.00  100.00  0.00  0.00  0.00
20103  政府办公厅（室）及相关机构事务  300.00  200.00  100.00  0.00  0.00  0.00
2010301  行政运行  {first}  200.00  0.00  0.00  0.00  0.00
2010302  一般行政管理事务  100.00  0.00  100.00  0.00  0.00  0.00
注：本表反映部门本年度各项支出情况。
"""


def test_a_table_of_fields_is_read_in_columns_and_checked():
    right = check_text(_TABLE.format(first="200.00"))
    assert right.findings == []
    assert not any(row.uncertain for table in right.report.tables for row in table.rows)
    wrong = check_text(_TABLE.format(first="210.00"))
    assert [(f.rule, f.location.line, f.stated, f.expected) for f in wrong.findings] == [("T101", 10, "210.00", "200.00")]


_CAPITAL = """某某局2024年度部门决算
第一部分 2024年度部门决算表
国有资本经营预算财政拨款收入支出决算表
单位：万元
项目  年初结转和结余  本年收入  本年支出  年末结转和结余
科目编码  科目名称  合计  基本支出  项目支出
合计  0.00  500.00  500.00  0.00  500.00  0.00
223  国有资本经营预算支出  0.00  500.00  500.00  0.00  500.00  0.00
22302  国有企业资本金注入  0.00  500.00  {kuan}  0.00  500.00  0.00
2230201  国有经济结构调整支出  0.00  500.00  500.00  0.00  500.00  0.00
"""


def test_a_short_table_of_fields_is_read_too():
    assert check_text(_CAPITAL.format(kuan="500.00")).findings == []
    wrong = check_text(_CAPITAL.format(kuan="600.00"))
    assert [f.rule for f in wrong.findings] and all(f.location.line == 9 for f in wrong.findings)
