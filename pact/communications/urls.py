from django.urls import path

from pact.communications import badges
from pact.communications.news import feeds, views
from pact.communications.newsletter import views as newsletter_views
from pact.communications.notifications import views as notification_views

app_name = "communications"

urlpatterns = [
    # news
    path("news/", views.news_list, name="news_list"),
    path("news/write/", views.news_create, name="news_create"),
    path("news/mine/", views.my_news, name="news_mine"),
    path("news/partnerships/<slug:slug>/", views.partnership_news, name="partnership_news"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("news/<slug:slug>/edit/", views.news_edit, name="news_edit"),
    path("news/<slug:slug>/publish/", views.news_publish, name="news_publish"),
    path("news/<slug:slug>/unpublish/", views.news_unpublish, name="news_unpublish"),
    path("news/<slug:slug>/delete/", views.news_delete, name="news_delete"),
    path(
        "news/<slug:slug>/translations/new/",
        views.news_translation,
        name="news_translation_new",
    ),
    path(
        "news/<slug:slug>/translations/<str:language>/",
        views.news_translation,
        name="news_translation",
    ),
    # feeds
    path("feeds/news/", feeds.NewsFeed(), name="feed_news"),
    path(
        "feeds/news/partnerships/<slug:slug>/",
        feeds.PartnershipNewsFeed(),
        name="feed_partnership_news",
    ),
    path(
        "feeds/news/ecosystems/<slug:ecosystem>/",
        feeds.EcosystemNewsFeed(),
        name="feed_ecosystem_news",
    ),
    path(
        "feeds/partnerships/launched/",
        feeds.LaunchedPartnershipsFeed(),
        name="feed_launched_partnerships",
    ),
    # notification centre
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notifications_read_all",
    ),
    path("notifications/<int:pk>/", notification_views.notification_open, name="notification_open"),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    # newsletter
    path("newsletter/", newsletter_views.subscribe, name="newsletter_subscribe"),
    path("newsletter/stop/", newsletter_views.unsubscribe_own, name="newsletter_unsubscribe_own"),
    path("newsletter/confirm/<str:token>/", newsletter_views.confirm, name="newsletter_confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter_views.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("newsletter/manage/", newsletter_views.manage, name="newsletter_manage"),
    path("newsletter/manage/new/", newsletter_views.compose, name="newsletter_compose"),
    path("newsletter/manage/<int:pk>/", newsletter_views.detail, name="newsletter_detail"),
    path("newsletter/manage/<int:pk>/edit/", newsletter_views.edit, name="newsletter_edit"),
    path(
        "newsletter/manage/<int:pk>/progress/",
        newsletter_views.progress,
        name="newsletter_progress",
    ),
    path("newsletter/manage/<int:pk>/test/", newsletter_views.send_test, name="newsletter_test"),
    path("newsletter/manage/<int:pk>/send/", newsletter_views.send, name="newsletter_send"),
    # the member badge (a person's own data pages join this namespace in pact.urls)
    path("badge/", badges.badges, name="badges"),
    path("badge/<slug:slug>.svg", badges.badge_svg, name="badge_svg"),
]
