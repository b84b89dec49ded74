from django.urls import path

from engage.engagements.views import briefings

urlpatterns = [
    path("briefings/meeting/<int:pk>/", briefings.meeting_briefing, name="briefing_meeting"),
    path("briefings/activity/<int:pk>/", briefings.activity_briefing, name="briefing_activity"),
    path("briefings/surgery/<int:pk>/", briefings.surgery_briefing, name="briefing_surgery"),
]
