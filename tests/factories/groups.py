import datetime

import factory

from groups.models import Attendance, Frequency, SelfHelpGroup, Status

from .geography import MunicipalityFactory
from .users import UserFactory


class SelfHelpGroupFactory(factory.django.DjangoModelFactory):
    """A published group that takes members, meeting on Tuesdays 18.00–19.30."""

    class Meta:
        model = SelfHelpGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Samtalegruppe {n}")
    slug = factory.Sequence(lambda n: f"samtalegruppe-{n}")
    summary = "En gruppe for deg som vil dele erfaringer med andre i samme situasjon."
    description = "<p>Vi møtes og snakker sammen i trygge rammer.</p>"
    municipality = factory.SubFactory(MunicipalityFactory)
    attendance = Attendance.IN_PERSON
    place = "Frivilligsentralen"
    weekday = 1
    start_time = datetime.time(18, 0)
    end_time = datetime.time(19, 30)
    frequency = Frequency.WEEKLY
    first_meeting = datetime.date(2026, 1, 6)
    status = Status.OPEN
    open_places = 3
    live = True
    contact = factory.SubFactory(UserFactory)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
        if create:
            obj.save()
