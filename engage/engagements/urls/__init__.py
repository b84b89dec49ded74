"""Activities, concerns and surgeries, and their public pages: each part's URLs live in its own
module."""

from engage.engagements.urls import activities, briefings, concerns, public, surgeries

app_name = "engagements"
urlpatterns = [
    *activities.urlpatterns,
    *briefings.urlpatterns,
    *concerns.urlpatterns,
    *surgeries.urlpatterns,
    # Last: "<office>/surgeries/…" and "<office>/contact/" only match what no staff URL does.
    *public.urlpatterns,
]
