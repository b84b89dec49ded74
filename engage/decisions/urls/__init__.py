"""Decisions: staff pages under /decisions/; public pages under /you-said-we-did/<office slug>/."""

from engage.decisions.urls import decisions, outcomes, public

app_name = "decisions"
urlpatterns = [
    *decisions.urlpatterns,
    *outcomes.urlpatterns,
    *public.urlpatterns,
]
