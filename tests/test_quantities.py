"""The template's vocabulary of quantities agrees with the tables it points into and the
words the explanation is read with."""
from __future__ import annotations

from juesuan.extract.concepts import _TABLE as LABELS
from juesuan.model.quantities import BY_NAME, QUANTITIES, table_cells
from juesuan.tables.spec import BY_KEY


def test_every_cell_names_a_declared_table_and_column():
    for name, cell in table_cells().items():
        spec = BY_KEY[cell.table]
        assert cell.column in {column.key for column in spec.columns}, (name, cell)
        assert cell.side is None or spec.two_sided, (name, cell)


def test_every_cell_is_a_cell_of_the_rendered_example():
    """The bundled example, rendered and read back, has a figure in every declared cell."""
    from juesuan.api import check_document
    from juesuan.dataset.example import example_dataset
    from juesuan.render.compose import compose
    from juesuan.render.plain import to_document

    report = check_document(to_document(compose(example_dataset()))).report
    tables = {table.spec.key: table for table in report.tables}
    for name, cell in table_cells().items():
        if cell.table in ("fund", "capital") and cell.table not in tables:
            continue          # the example has no such budget: the tables are empty
        row = tables[cell.table].row(label=cell.row, side=cell.side)
        assert row is not None and cell.column in row.cells, (name, cell)


def test_every_part_is_a_quantity_the_explanation_can_name():
    concepts = {concept for _, _, concept in LABELS}
    for quantity in QUANTITIES:
        for part in (*quantity.parts, *filter(None, [quantity.equals])):
            if "*" in part:
                continue
            assert part in BY_NAME or part.split("#")[0] in concepts or part.split(".")[-1] in concepts, \
                (quantity.name, part)

