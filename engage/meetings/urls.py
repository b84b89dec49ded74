from django.urls import path

from engage.meetings import forum_views, import_views, rota_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("list/", views.occurrence_list, name="list"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.calendar_month, name="calendar_month"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("series/<int:pk>/generate/", views.series_generate, name="series_generate"),
    path("series/<int:pk>/add/", views.occurrence_add, name="occurrence_add"),
    path("<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("<int:pk>/attendance/", views.occurrence_attendance, name="attendance"),
    path("<int:pk>/move/", views.occurrence_move, name="move"),
    path("<int:pk>/cancel/", views.occurrence_cancel, name="cancel"),
    path("<int:pk>/reinstate/", views.occurrence_reinstate, name="reinstate"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("import/", import_views.upload, name="import"),
    path("import/preview/", import_views.preview, name="import_preview"),
    path("diary/", views.diary, name="diary"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
]
# Forum reports and ambassadors, and the PCC/DPCC rota, each keep their URLs beside their views.
urlpatterns += forum_views.urlpatterns + rota_views.urlpatterns
