from django.urls import path

from engage.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("office/<slug:slug>/theme.css", views.office_theme, name="office_theme"),
    path("language/<str:code>/", views.set_language, name="language"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]
