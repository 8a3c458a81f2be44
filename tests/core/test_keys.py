"""Keys typed or tampered with (core.keys): a key the table cannot hold is a field error, never a 500."""

from governance.models import StaffPosition


def test_autocomplete_field_sent_a_key_that_is_no_number_shows_the_form_again(client_for):
    count = StaffPosition.objects.count()
    for key in ("x", "9" * 30):
        response = client_for("forbundschef").post(
            "/admin/governance/staffposition/add/",
            {"role": "forbundschef", "title": "Prov", "person": key, "active_from": "2019-01-01"},
        )
        assert response.status_code == 200
        assert "person" in response.context["adminform"].form.errors
    assert StaffPosition.objects.count() == count


def test_many_to_many_field_sent_a_key_past_the_column_shows_the_form_again(client_for):
    response = client_for("forbundschef").post(
        "/admin/projects/project/add/", {"name": "Prov", "owners": ["9" * 30], "participants": ["1"]}
    )
    assert response.status_code == 200
    assert "owners" in response.context["adminform"].form.errors
