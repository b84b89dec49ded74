"""Staff page: how many subscribers, by area, topic, channel and status; one address's ledger."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from engage.core.access import OfficeRequest, require_perm
from engage.messaging.addresses import mask
from engage.messaging.forms import SubscriberSearchForm
from engage.messaging.subscriber_queries import latest_subscribers, ledger_for, subscriber_counts

VIEW = "messaging.view_subscribers"


@login_required
def subscribers(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    form = SubscriberSearchForm(request.GET or None)
    ledger = None
    if form.is_valid():
        ledger = ledger_for(request.office, form.cleaned_data["address"])
    latest = [(s, mask(s.address)) for s in latest_subscribers(request.office)]
    return render(
        request,
        "messaging/subscribers.html",
        {
            "form": form,
            "ledger": ledger,
            "counts": subscriber_counts(request.office),
            "latest": latest,
        },
    )
