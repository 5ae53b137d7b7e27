"""Who may see and do what in research recruitment, in one place (beside facilitators.scope).

| action                               | researcher          | facilitator / contact  | coordinator | administrator |
| apply for a researcher account       | anyone              | anyone                 | anyone      | decides       |
| write, edit, send a study            | their own studies   | no                     | no          | no            |
| see counts before approval           | their own studies   | no                     | no          | all           |
| approve, return, decline, close      | no (close: own)     | no                     | no          | all           |
| see a study's volunteers, export     | their own studies,  | no                     | no          | no            |
|                                      | once recruiting     |                        |             |               |
| answer a group invitation            | no                  | their groups           | no          | no            |
| see a group's answer                 | their own studies   | their groups           | no          | all           |

Another researcher's study is a 404 everywhere, never a 403: the id says nothing. Volunteers'
details are for the study's own researcher only; administrators see counts and the record.
"""

from django.db.models import QuerySet

from facilitators.scope import scope_for

from .models import Study


def is_researcher(user) -> bool:
    """Read from the person's scope, which holds their roles for the rest of the request."""
    return scope_for(user).is_researcher


def studies_of(user) -> QuerySet[Study]:
    """The studies this person writes and recruits for: a researcher's own, nobody else's."""
    if not is_researcher(user):
        return Study.objects.none()
    return Study.objects.filter(researcher=user)


def studies_to_decide(user) -> QuerySet[Study]:
    """Every study, for the national administrators who approve them; none for anyone else."""
    if not scope_for(user).is_administrator:
        return Study.objects.none()
    return Study.objects.all()
