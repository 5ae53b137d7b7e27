import factory

from directory.models import Theme
from directory.text import norwegian_slug


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.LazyAttribute(lambda o: f"{o.name} (en)")
    slug = factory.LazyAttribute(lambda o: norwegian_slug(o.name))
