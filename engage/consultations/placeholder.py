"""Temporary: a URL whose view is being built by another part. Deleted when every part is in."""

from django.http import HttpRequest, HttpResponse


def placeholder(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("Not built yet", status=501)
