from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "engage.public"
    label = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from engage.accounts.models import Membership, User
        from engage.core.models import Office
        from engage.core.public_cache import watch
        from engage.engagements.models import (
            Activity,
            Concern,
            ConcernTheme,
            SurgeryBooking,
            SurgerySession,
            SurgerySlot,
        )
        from engage.meetings.models import ForumReport, Occurrence, RotaAssignment, RotaPlan
        from engage.places.models import Area

        # Everything the public diary (meetings.diary.public_diary) is made from: the people
        # whose diary it is, their engagements, forum visits and surgeries (and the bookings
        # that fill their slots), what was heard there, and the areas they are in.
        watch(
            "diary",
            Office,
            User,
            Membership,
            Area,
            Activity,
            Activity.opcc_attendees.through,
            Concern,
            ConcernTheme,
            SurgerySession,
            SurgerySlot,
            SurgeryBooking,
            Occurrence,
            ForumReport,
            RotaPlan,
            RotaAssignment,
        )
