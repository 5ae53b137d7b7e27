import factory

from facilitators.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", "et-langt-testpassord-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
