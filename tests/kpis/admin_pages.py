"""A model's change form in Django's admin, read as a browser would post it back."""


def admin_page(client, reading):
    """The reading's change form as the admin shows it, and its fields as the browser would post them."""
    response = client.get(f"/admin/kpis/reading/{reading.id}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    return response, {name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields}


def form_of(client, url):
    """The fields of the admin's form at `url` as the browser would post them back."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    return {name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields}
