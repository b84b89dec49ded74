"""The GOV.UK error summary links every message to the control it is about."""

from django import forms
from django.template import Context, Template


class AboutYou(forms.Form):
    sex = forms.ChoiceField(choices=[("f", "Female"), ("m", "Male")], widget=forms.RadioSelect)
    postcode = forms.CharField()


def test_error_summary_links_radios_to_their_first_option():
    form = AboutYou(data={})
    html = Template("{% load engage %}{% error_summary form %}{% field form.sex %}").render(
        Context({"form": form})
    )
    assert 'href="#id_sex"' in html  # the summary link…
    assert 'id="id_sex"' in html  # …lands on the first radio
    assert 'href="#"' not in html
