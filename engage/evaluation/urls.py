from django.urls import path

from engage.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("activities/", views.activities, name="activities"),
    path("flags/", views.flags, name="flags"),
    path("social/", views.social, name="social"),
    path("social/import/", views.social_import, name="social_import"),
    path("social/import/confirm/", views.social_import_confirm, name="social_import_confirm"),
    path("social/campaigns/add/", views.campaign_add, name="campaign_add"),
    path("social/campaigns/<int:pk>/", views.campaign_edit, name="campaign_edit"),
    path("social/posts/", views.posts, name="posts"),
    path("social/posts/<int:pk>/campaign/", views.post_campaign, name="post_campaign"),
]
