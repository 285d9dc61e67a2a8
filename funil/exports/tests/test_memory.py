"""Exports stream: memory stays flat however many rows go out, far below what holding the rows would take."""

import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from funil.exports.layouts import layout_for
from funil.exports.service import export_records
from funil.leads.models import Lead
from funil.testing.factories import lead_stage

ROWS = 20_000


@pytest.fixture
def many_leads(ana, lead_fields):
    stage = lead_stage(ana, "New")
    leads = (
        Lead(
            workspace=ana.workspace,
            pipeline_id=stage.pipeline_id,
            stage=stage,
            owner=ana.user,
            first_name=f"Pessoa {i}",
            last_name="Conceição",
            company_name=f"Empresa número {i} Ltda",
            email=f"pessoa{i}@example.com",
            phone=f"+55 11 9{i:04d}-0000",
            city="São Paulo",
            need="Quer saber preço, prazo e condições de pagamento. " * 2,
            expected_value=i,
            custom_fields={"segment": "SMB", "employees": i},
        )
        for i in range(ROWS)
    )
    Lead.objects.bulk_create(leads, batch_size=2000)
    return Lead.objects.filter(workspace=ana.workspace).order_by("pk").values_list("pk", flat=True)


def peak(run: Callable[[], Any]) -> tuple[int, Any]:
    tracemalloc.start()
    try:
        result = run()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def consume(actor, qs, fmt) -> int:
    _name, _type, chunks = export_records(actor, "lead", qs, fmt)
    return sum(len(chunk) for chunk in chunks)


def test_a_csv_export_stays_flat_and_far_below_holding_the_rows(ana, many_leads):
    # Both spans are several chunks of rows: from the second chunk on, memory is what it will stay.
    quarter = many_leads[ROWS // 4 - 1]
    small_peak, _size = peak(lambda: consume(ana, Lead.objects.filter(pk__lte=quarter), "csv"))
    full_peak, size = peak(lambda: consume(ana, Lead.objects.all(), "csv"))
    layout = layout_for(ana.workspace, "lead")
    tuples, _rows = peak(lambda: list(Lead.objects.filter(workspace=ana.workspace).values_list(*layout.sources)))
    instances, _rows = peak(lambda: list(Lead.objects.filter(workspace=ana.workspace).select_related("stage", "owner")))
    print(f"csv: {ROWS} rows, {size / 1e6:.1f} MB; peak {full_peak / 1e6:.1f} MB ({ROWS // 4} rows: "
          f"{small_peak / 1e6:.1f} MB); holding the rows: {tuples / 1e6:.1f} MB as tuples, "
          f"{instances / 1e6:.1f} MB as leads")  # fmt: skip
    assert size > 5_000_000
    assert full_peak < tuples / 3 and full_peak < instances / 12
    assert full_peak < small_peak * 1.2  # four times the rows, the same memory


def test_an_xlsx_export_stays_flat_too(ana, many_leads):
    """openpyxl writes cells slowly, so fewer rows here: two chunks, then four; sheets go to temporary files."""
    small_peak, _size = peak(lambda: consume(ana, Lead.objects.filter(pk__lte=many_leads[3999]), "xlsx"))
    full_peak, size = peak(lambda: consume(ana, Lead.objects.filter(pk__lte=many_leads[7999]), "xlsx"))
    print(f"xlsx: 8000 rows, {size / 1e6:.1f} MB; peak {full_peak / 1e6:.1f} MB (4000 rows: {small_peak / 1e6:.1f})")
    assert size > 800_000
    assert full_peak < small_peak * 1.2  # twice the rows, the same memory
