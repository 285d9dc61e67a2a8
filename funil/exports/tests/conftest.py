import pytest

from funil.catalog.models import CustomField, FieldType, Product, Source


@pytest.fixture
def lead_fields(ana):
    """Acme's lead custom fields, one of each type, and a retired one."""
    ws = ana.workspace
    make = CustomField.objects.create
    return {
        "segment": make(workspace=ws, entity="lead", key="segment", label="Segmento", type=FieldType.CHOICE,
                        choices=["SMB", "Enterprise"], position=1),
        "employees": make(workspace=ws, entity="lead", key="employees", label="Funcionários", type=FieldType.NUMBER,
                          position=2),
        "since": make(workspace=ws, entity="lead", key="since", label="Cliente desde", type=FieldType.DATE,
                      position=3),
        "vip": make(workspace=ws, entity="lead", key="vip", label="VIP", type=FieldType.BOOLEAN, position=4),
        "tags": make(workspace=ws, entity="lead", key="tags", label="Etiquetas", type=FieldType.MULTI_CHOICE,
                     choices=["a", "b", "c"], position=5),
        "note": make(workspace=ws, entity="lead", key="note", label="Observação", type=FieldType.TEXT, position=6),
    }  # fmt: skip


@pytest.fixture
def products(ana):
    ws = ana.workspace
    return [
        Product.objects.create(workspace=ws, name="Plano Básico", currency="BRL", price="100"),
        Product.objects.create(workspace=ws, name="Consultoria", currency="BRL", price="900"),
    ]


@pytest.fixture
def referral(ana):
    return Source.objects.get(workspace=ana.workspace, name="Referral")
