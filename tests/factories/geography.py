import factory

from directory.models import County, Municipality
from directory.models.geography import parallel_names_from
from directory.text import norwegian_slug


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{90 + n % 10}")
    name = factory.Sequence(lambda n: f"Testfylke {n}")
    name_plain = factory.SelfAttribute("name")
    slug = factory.LazyAttribute(lambda o: norwegian_slug(o.name_plain))


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("number",)

    # Four digits, like real municipality numbers, however many a long test run makes.
    number = factory.Sequence(lambda n: f"{9000 + n % 1000}")
    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    name_plain = factory.SelfAttribute("name")
    # As load_geography stores them: the Sami and Kven names in the official name.
    parallel_names = factory.LazyAttribute(lambda o: parallel_names_from(o.name, o.name_plain))
    slug = factory.LazyAttribute(lambda o: norwegian_slug(o.name_plain))
    latitude = 63.0
    longitude = 10.5
