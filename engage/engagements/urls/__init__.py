"""Activities, concerns and surgeries: each part's URLs live in its own module."""

from engage.engagements.urls import activities, briefings, concerns, surgeries

app_name = "engagements"
urlpatterns = [
    *activities.urlpatterns,
    *briefings.urlpatterns,
    *concerns.urlpatterns,
    *surgeries.urlpatterns,
]
