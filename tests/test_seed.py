"""The real 2023 report: every inconsistency found by a hand audit, and nothing else.

Each expected finding below was verified with a calculator (Decimal) against the printed
figures before the checker existed; the comment says what is wrong.
"""
from __future__ import annotations

from juesuan import check_text

AUDITED_ERRORS = {
    # 五（二）类 totals against the sum of their 项 lines in 五（三）
    ("C101", 319),  # 公共安全 105.03, but its lines (24, 25) print 0 and 0
    ("C101", 321),  # 教育 7448.25, lines sum to 7648.25 (item 28 is 200 too high)
    ("C101", 327),  # 卫生健康 20092.94, lines sum to 20093.46 (item 45 repeats item 44)
    # growth rates: change / (this - change); a finding spans the amount, change and rate
    ("G101", 475),  # item 13: 2.03 / 145.74 = 1.39%, printed 0.14%
    ("G101", 500),  # item 17: 153.87 / 65.42 = 235.20%, printed 253.2%
    ("G101", 521),  # item 18: 131.9 / 1093.74 = 12.06%, printed 12.6%
    ("G101", 615),  # item 28: 2.64 / 293.80 = 0.90%, printed 2.81% (amount should be 91.16)
    ("G101", 623),  # item 29: 4199.23 / 554.69 = 757.04%, printed 705.04%
    ("G101", 834),  # item 54: 43.21 that fell by 43.21 fell 50%, not 100%
    ("G101", 1510),  # 机关运行经费: 2892.43 / 3633.82 = 79.60%, printed 80.00%
    # a 0 amount that increased
    ("D101", 576),  # item 24: 0 万元 but 增加 105.3 万元, 增长 100%
    # classification
    ("K102", 549),  # item 21: 其他宣传事务支出 is a 项 of 宣传事务, not 组织事务
    ("K102", 1230),  # item 96: 一般行政管理事务 is no 款 of 224; 矿山安全监察事务 is under 矿山安全
    # the same 项 explained twice
    ("L101", 736),  # item 43 repeats item 38 (其他人力资源和社会保障管理事务支出)
    ("L101", 754),  # item 45 repeats item 44 (乡镇卫生院)
    # 元 among 万元
    ("U101", 789),  # item 50: 544.54 元
    ("U101", 809),  # item 51: 445.68 元
    # placeholder left in
    ("M102", 1520),  # 主要原因是：……
    # the same count stated twice: 34 fixed-asset vehicles here, 49 (= sum of types) in 十（三）
    ("R101", 1354),
}

AUDITED_WARNINGS = {
    ("N102", 129),   # （6） after （7）
    ("N102", 368), ("N102", 508), ("N102", 797), ("N102", 858), ("N102", 906), ("N102", 1256),
    ("K103", 337),   # 资源勘探信息等支出 is the former name of 215 资源勘探工业信息等支出
    ("M103", 1307),  # the list of 公用经费 items stops at "其他交"
    ("D102", 1318), ("D102", 1322),  # 增加 0 万元 where nothing changed (持平)
    ("D102", 1520),  # 公用经费 0.00 万元，比上年增加 0.00 万元
}


def _pairs(result, severity):
    return {(f.rule, f.location.line) for f in result.findings if f.severity == severity}


def test_seed_errors_are_exactly_the_audited_ones(seed_text):
    result = check_text(seed_text, "seed")
    assert result.tool_errors == []
    assert _pairs(result, "error") == AUDITED_ERRORS


def test_seed_warnings_are_exactly_the_audited_ones(seed_text):
    assert _pairs(check_text(seed_text, "seed"), "warning") == AUDITED_WARNINGS


def test_seed_findings_carry_the_right_values(seed_text):
    result = check_text(seed_text, "seed")
    by_place = {(f.rule, f.location.line): f for f in result.findings}
    assert by_place[("G101", 475)].expected == "增长 1.39%"
    assert by_place[("G101", 500)].expected == "增长 235.20%"
    assert by_place[("G101", 1510)].expected == "增长 79.60%"
    assert by_place[("G101", 834)].expected == "下降 50.00%"
    assert by_place[("C101", 321)].expected == "7648.25 万元"
    assert by_place[("C101", 319)].expected == "0.00 万元"
    assert by_place[("R101", 1354)].stated == "34 辆" and by_place[("R101", 1354)].expected == "49 辆"
    assert by_place[("U101", 789)].expected == "544.54 万元"
    assert "20133" in by_place[("K102", 549)].message
    assert by_place[("G101", 615)].location.page is not None


def _cut(text: str, start: str, end: str) -> str:
    """Remove the passage from ``start`` up to and including ``end``."""
    i = text.index(start)
    j = text.index(end, i) + len(end)
    return text[:i] + text[j:]


def repaired(text: str) -> str:
    """The seed with every audited error repaired by hand, the way its figures say."""
    fixes = [
        ("支出决算数为 0 万元，比上年决算增加 105.3 万元", "支出决算数为 105.03 万元，比上年决算增加 105.03 万元"),
        ("出决算数为 291.16 万元", "出决算数为 91.16 万元"),
        ("增长 0.14%", "增长 1.39%"),
        ("增长 253.2%", "增长 235.2%"),
        ("增长 12.6%", "增长 12.06%"),
        ("增长 705.04%", "增长 757.04%"),
        ("年决算减少 43.21 万元，下降 100%", "年决算增加 43.21 万元，增长 100%"),
        ("80.00%，主要原因是：2023 年开发区各部门租赁费", "79.60%，主要原因是：2023 年开发区各部门租赁费"),
        ("组织事务（款）其他宣传\n\n事务支出（项）", "组织事务（款）其他组织\n\n事务支出（项）"),
        ("（类）一般行政管理事务\n\n（款）矿山安全监察事务", "（类）消防救援事务\n\n（款）其他消防救援事务支出"),
        ("544.54 元", "544.54 万元"),
        ("445.68 元", "445.68 万元"),
        ("主要原因是：……。", "主要原因是：本年无此项支出。"),
        ("固定资产车辆 34 辆", "固定资产车辆 49 辆"),
        # items 38 and 43 are one 项: one line with their sum (25.45 + 293.77, 13.97 + 293.77)
        ("支出决算数为 25.45 万元，比上年决算增加 13.97 万元，增\n\n长 121.69%",
         "支出决算数为 319.22 万元，比上年决算增加 307.74 万元，增\n\n长 2680.66%"),
    ]
    for old, new in fixes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text = _cut(text, "45.卫生健康支出（类）", "取消该项目。")
    text = _cut(text, "43.社会保障和就业支出（类）", "促进消费活动经费。")
    return text


def test_repaired_seed_has_no_errors(seed_text):
    result = check_text(repaired(seed_text), "repaired")
    assert [(f.rule, f.location.line, f.message) for f in result.errors] == []
