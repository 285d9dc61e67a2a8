"""Providers number their messages per sender: the same id from two integrations is two deliveries."""

from funil.leads.models import Lead


def _message(msg_id: str, name: str, email: str) -> dict:
    return {"messages": [{"id": msg_id, "text": "Olá", "from": {"name": name, "email": email}}]}


def test_two_integrations_reusing_a_message_id_both_deliver(make_hook, post_signed):
    first, second = make_hook("generic", name="Bridge A"), make_hook("generic", name="Bridge B")
    a = post_signed(first, _message("1", "Rosa Lima", "rosa@padaria.example.com")).json()["results"][0]
    b = post_signed(second, _message("1", "Caio Dias", "caio@oficina.example.com")).json()["results"][0]
    assert a["outcome"] == b["outcome"] == "created" and a["lead"] != b["lead"]
    again = post_signed(first, _message("1", "Rosa Lima", "rosa@padaria.example.com")).json()["results"][0]
    assert (again["outcome"], again["lead"]) == ("replayed", a["lead"])
    assert (
        Lead.objects.filter(email_normalized__in=["rosa@padaria.example.com", "caio@oficina.example.com"]).count() == 2
    )
