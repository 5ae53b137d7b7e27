"""Demo and benchmark groups: realistic, fictional and deterministic.

Every person and group here is made up. The texts are written per theme, and the schedule,
status and place are drawn from a seeded random generator, so two runs with the same seed and
the same reference data produce the same groups (planned groups' first meetings follow the date
of the run, so they stay in the future).

`demo_groups_ensure` creates the demo set one group at a time, through the model's own
validation and save. `bench_groups_create` creates many groups in bulk: `bulk_create` skips
`save()`, so it fills in the search document itself with `groups.search.build_document`.
"""

import datetime
import random
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from directory.models import Municipality, Theme
from directory.text import norwegian_slug
from facilitators.models import User

from .models import Attendance, Audience, Frequency, SelfHelpGroup, Status, WeekOfMonth
from .search import VOCABULARY_CACHE_KEY, build_document, index_vectors
from .selectors import groups_changed

DEFAULT_SEED = 2024
DEFAULT_DEMO_COUNT = 300
CONTACTS_PER_COUNTY = 4
CONTACT_EMAIL = "kontakt.{n}@example.org"
BENCH_SLUG = re.compile(r"-b(\d+)$")
BATCH_SIZE = 1000
ONLINE_SHARE = 0.09
HYBRID_SHARE = 0.08

# ---------------------------------------------------------------------------------------------
# Texts per theme: name stems (the first one takes an audience, "Sorggruppe for seniorer"),
# one-sentence summaries and an opening paragraph. `related` gives a natural second theme,
# `audiences` who such groups are usually for, `daytime` how often they meet during the day.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeText:
    names: list[str]
    summaries: list[str]
    intros: list[str]
    weight: float = 3
    related: list[str] = field(default_factory=list)
    audiences: dict[str, float] = field(default_factory=lambda: {Audience.EVERYONE: 1})
    daytime: float = 0.1


THEME_TEXTS: dict[str, ThemeText] = {
    "angst": ThemeText(
        names=["Angstgruppe", "Samtalegruppe om angst", "Angst og uro – samtalegruppe"],
        summaries=[
            "For deg som kjenner på angst eller uro og vil møte andre som forstår hvordan det er.",
            "En rolig samtalegruppe der vi deler erfaringer med angst, panikk og bekymring.",
            "Vi møtes for å snakke om hvordan det er å leve med angst, og om det som hjelper oss i hverdagen.",
        ],
        intros=[
            "Angst kan gjøre hverdagen liten. Mange av oss har unngått steder, folk og situasjoner i lang tid. "
            "I gruppa snakker vi om hvordan angsten påvirker livene våre, og om de små skrittene som har gjort "
            "det litt lettere.",
            "Gruppa er for deg som kjenner på angst, panikkanfall eller stadig bekymring. Du trenger ikke ha en "
            "diagnose for å være med. Det viktigste er at du ønsker å dele og lytte.",
        ],
        weight=12,
        related=["depresjon", "psykisk-helse"],
        audiences={Audience.EVERYONE: 6, Audience.YOUNG_ADULTS: 2, Audience.WOMEN: 1, Audience.MEN: 1},
    ),
    "depresjon": ThemeText(
        names=["Selvhjelpsgruppe om depresjon", "Samtalegruppe om nedstemthet", "Lysglimt – samtalegruppe om depresjon"],
        summaries=[
            "For deg som har vært nedstemt lenge og vil møte andre som kjenner det igjen.",
            "Et fast og trygt sted å snakke om depresjon, tunge dager og det som gir litt lys.",
            "Vi deler erfaringer med å leve med depresjon, i vårt eget tempo.",
        ],
        intros=[
            "Depresjon kan ta fra oss energien og lysten til å være sammen med andre. Nettopp derfor kan det "
            "hjelpe å møte noen som vet hvordan det er. I gruppa er det lov å ha en dårlig dag, og det er lov å "
            "bare lytte.",
            "Gruppa er for deg som har kjent på nedstemthet over tid, enten du er i behandling eller ikke. Vi "
            "snakker om hvordan hverdagen kjennes, og deler det som har hjulpet oss gjennom tunge perioder.",
        ],
        weight=10,
        related=["angst", "ensomhet", "utbrenthet"],
        audiences={Audience.EVERYONE: 6, Audience.YOUNG_ADULTS: 1, Audience.MEN: 1, Audience.SENIORS: 1},
    ),
    "fodselsdepresjon": ThemeText(
        names=["Samtalegruppe om fødselsdepresjon", "Etter fødselen – samtalegruppe", "Barselgruppe for deg som har det tungt"],
        summaries=[
            "For deg som har det tungt i svangerskapet eller tiden etter fødselen. Babyen er velkommen.",
            "Vi er foreldre som har kjent på nedstemthet og uro etter at barnet kom, og som deler erfaringer.",
            "Et sted der det er lov å si at barseltiden ikke ble som du hadde sett for deg.",
        ],
        intros=[
            "Tiden etter en fødsel blir ikke alltid slik man hadde sett for seg. Mange kjenner på tristhet, uro "
            "eller skam over ikke å være lykkelig. I gruppa møter du andre som har kjent på det samme, og det er "
            "god plass til babyer på fanget.",
            "Gruppa er for deg som har hatt det vanskelig i svangerskapet eller etter fødselen. Vi deler "
            "erfaringer om søvnløse netter, følelser vi ikke ventet, og det som har gjort dagene lettere.",
        ],
        weight=3,
        related=["depresjon"],
        audiences={Audience.WOMEN: 3, Audience.EVERYONE: 1},
        daytime=0.7,
    ),
    "spiseforstyrrelser": ThemeText(
        names=["Selvhjelpsgruppe om spiseforstyrrelser", "Samtalegruppe om mat og kropp"],
        summaries=[
            "For deg som har eller har hatt en spiseforstyrrelse og vil snakke med andre som forstår.",
            "Vi deler erfaringer om mat, kropp og følelser – uten å snakke om tall og vekt.",
        ],
        intros=[
            "En spiseforstyrrelse handler sjelden bare om mat. I gruppa snakker vi om følelsene og tankene bak, "
            "og om hvordan vi kan ta vare på oss selv. Vi snakker ikke om vekt, kalorier eller andre tall.",
            "Gruppa er for deg som strever med mat og kropp, enten det er anoreksi, bulimi eller overspising. Du "
            "kan være midt i det eller på vei ut av det.",
        ],
        weight=3,
        related=["psykisk-helse"],
        audiences={Audience.EVERYONE: 2, Audience.YOUNG_ADULTS: 2, Audience.WOMEN: 1},
    ),
    "selvskading": ThemeText(
        names=["Samtalegruppe om selvskading", "Selvhjelpsgruppe for deg som skader deg selv"],
        summaries=[
            "For deg som skader deg selv eller har gjort det, og vil møte andre uten å bli dømt.",
            "Et trygt sted å snakke om selvskading, om det som ligger bak, og om andre måter å møte vonde "
            "følelser på.",
        ],
        intros=[
            "Mange som skader seg selv, holder det skjult i lang tid. I gruppa kan du snakke åpent med andre som "
            "forstår, uten å måtte forklare eller forsvare deg. Vi deler erfaringer om hva som har hjulpet, og "
            "hvordan vi kommer oss gjennom de vanskeligste stundene.",
            "Gruppa er for deg som skader deg selv, eller som har gjort det tidligere. Vi går ikke i detalj om "
            "selve skadene, men snakker om følelsene rundt og om veien videre.",
        ],
        weight=2,
        related=["psykisk-helse"],
        audiences={Audience.YOUNG_ADULTS: 2, Audience.EVERYONE: 1},
    ),
    "traumer": ThemeText(
        names=["Samtalegruppe om traumer", "Selvhjelpsgruppe etter vonde opplevelser", "Å leve videre etter traumer"],
        summaries=[
            "For deg som bærer på vonde opplevelser som fortsatt preger hverdagen.",
            "Vi deler erfaringer med å leve med traumer, og om det som gir trygghet og ro.",
        ],
        intros=[
            "Traumer kan sette seg i kroppen lenge etter at det vonde skjedde. I gruppa snakker vi om hvordan "
            "det preger oss i dag – søvn, konsentrasjon, forholdet til andre – og om det som har hjulpet. Du "
            "bestemmer selv hvor mye du forteller om det som har skjedd.",
            "Gruppa er for deg som har opplevd noe som har rystet deg, for eksempel en ulykke, vold eller et "
            "brått tap. Vi går ikke i detalj om hendelsene, men deler erfaringer om å leve med ettervirkningene.",
        ],
        weight=4,
        related=["angst", "overgrep"],
        audiences={Audience.EVERYONE: 4, Audience.WOMEN: 1, Audience.MEN: 1},
    ),
    "utbrenthet": ThemeText(
        names=["Samtalegruppe om utbrenthet", "Tom for krefter – samtalegruppe", "Selvhjelpsgruppe om stress og utbrenthet"],
        summaries=[
            "For deg som er utslitt etter lang tids stress og vil finne veien tilbake sammen med andre.",
            "Vi deler erfaringer med utbrenthet, sykmelding og det å finne et nytt tempo i livet.",
        ],
        intros=[
            "Mange av oss har strukket oss lenge, i jobb, familie eller begge deler, til kroppen og hodet sa "
            "stopp. I gruppa snakker vi om hvordan det er å være tom for krefter, om skyld og skam, og om hvordan "
            "vi kan finne et tempo vi kan leve med.",
            "Gruppa er for deg som er eller har vært utbrent, enten du er sykmeldt, i jobb eller et sted midt "
            "imellom. Vi deler erfaringer om grenser, hvile og veien tilbake.",
        ],
        weight=5,
        related=["depresjon", "arbeidsledighet"],
        audiences={Audience.EVERYONE: 5, Audience.WOMEN: 1},
        daytime=0.35,
    ),
    "adhd": ThemeText(
        names=["ADHD-gruppe", "Samtalegruppe for voksne med ADHD", "ADHD i voksen alder – samtalegruppe"],
        summaries=[
            "For voksne med ADHD eller ADD som vil dele erfaringer om hverdag, jobb og relasjoner.",
            "Vi snakker om hvordan det er å leve med ADHD som voksen, og deler det som har fungert for oss.",
        ],
        intros=[
            "Mange av oss fikk diagnosen først i voksen alder, og har brukt mye krefter på å forstå oss selv. I "
            "gruppa snakker vi om konsentrasjon, rutiner, følelser og relasjoner – og om styrkene vi har.",
            "Gruppa er for voksne som har ADHD eller ADD, eller som kjenner seg igjen og er i utredning. Vi holder "
            "møtene korte og oversiktlige, med en pause underveis.",
        ],
        weight=4,
        audiences={Audience.EVERYONE: 4, Audience.YOUNG_ADULTS: 1, Audience.WOMEN: 1},
    ),
    "rus-og-avhengighet": ThemeText(
        names=[
            "Selvhjelpsgruppe om rus og avhengighet",
            "Samtalegruppe for deg som vil endre rusvaner",
            "Samtalegruppe om spilleavhengighet",
        ],
        summaries=[
            "For deg som vil endre forholdet til alkohol, rusmidler eller spill, sammen med andre i samme situasjon.",
            "Vi støtter hverandre i å leve uten rus, eller med mindre av det, én dag om gangen.",
        ],
        intros=[
            "Det kan være lettere å gjøre endringer når man ikke er alene om det. I gruppa deler vi erfaringer om "
            "sug, tilbakefall, skam og stolthet, og om det som hjelper oss å holde kursen. Du trenger ikke være "
            "rusfri for å være med, men vi ber om at du kommer edru til møtene.",
            "Gruppa er for deg som har et avhengighetsproblem, enten det gjelder alkohol, piller, andre rusmidler "
            "eller pengespill. Vi møtes som likeverdige og dømmer ikke hverandre.",
        ],
        weight=5,
        related=["psykisk-helse"],
        audiences={Audience.EVERYONE: 5, Audience.MEN: 1, Audience.WOMEN: 1},
    ),
    "ensomhet": ThemeText(
        names=["Samtalegruppe om ensomhet", "Møteplass mot ensomhet", "Fellesskap – samtalegruppe om ensomhet"],
        summaries=[
            "For deg som savner noen å snakke med og vil bli kjent med andre i samme situasjon.",
            "En rolig og uformell gruppe der vi deler erfaringer med ensomhet og hjelper hverandre ut blant folk.",
        ],
        intros=[
            "Ensomhet er vanligere enn mange tror, og den kan ramme hvem som helst – etter en flytting, et tap "
            "eller bare fordi livet ble slik. I gruppa møter du andre som kjenner det samme, og det er helt greit "
            "å være litt nervøs første gang.",
            "Gruppa er for deg som ofte er alene uten å ønske det. Vi snakker om hvordan ensomheten kjennes, og "
            "hjelper hverandre å ta små skritt mot mer kontakt med andre.",
        ],
        weight=6,
        related=["depresjon", "psykisk-helse"],
        audiences={Audience.EVERYONE: 3, Audience.SENIORS: 2, Audience.YOUNG_ADULTS: 1},
        daytime=0.4,
    ),
    "mobbing": ThemeText(
        names=["Samtalegruppe om mobbing", "Etter mobbingen – samtalegruppe"],
        summaries=[
            "For deg som er eller har vært mobbet, på skolen, i jobb eller på nett.",
            "Vi deler erfaringer med å bli mobbet og med å bygge opp tryggheten igjen.",
        ],
        intros=[
            "Mobbing kan sette spor i mange år. Noen av oss ble mobbet som barn, andre på jobb. I gruppa snakker "
            "vi om hvordan det har preget oss, og om hvordan vi kan bli tryggere på oss selv og andre.",
            "Gruppa er for voksne som har opplevd mobbing eller utestenging. Her blir du trodd, og du velger "
            "selv hva du vil fortelle.",
        ],
        weight=2,
        related=["traumer"],
        audiences={Audience.EVERYONE: 2, Audience.YOUNG_ADULTS: 1},
    ),
    "overgrep": ThemeText(
        names=["Samtalegruppe etter overgrep", "Selvhjelpsgruppe for utsatte for overgrep"],
        summaries=[
            "For deg som har vært utsatt for seksuelle overgrep eller vold, og vil møte andre som forstår.",
            "Et trygt sted å dele erfaringer om å leve videre etter overgrep.",
        ],
        intros=[
            "Mange som har vært utsatt for overgrep, har båret på det alene i lang tid. I gruppa blir du trodd. "
            "Vi snakker om hvordan det påvirker livet i dag, ikke om detaljer fra det som skjedde, og du "
            "bestemmer selv hva du deler.",
            "Gruppa er for voksne som har opplevd seksuelle overgrep, vold eller andre krenkelser, som barn eller "
            "voksen. Vi legger vekt på trygghet og god tid.",
        ],
        weight=3,
        related=["traumer"],
        audiences={Audience.WOMEN: 3, Audience.EVERYONE: 2, Audience.MEN: 1},
    ),
    "funksjonsnedsettelse": ThemeText(
        names=["Samtalegruppe om funksjonsnedsettelse", "Hverdagen med funksjonsnedsettelse – samtalegruppe"],
        summaries=[
            "For deg som lever med en funksjonsnedsettelse og vil dele erfaringer om hverdag, arbeid og muligheter.",
            "Vi utveksler erfaringer om å leve med nedsatt funksjonsevne og om å bli møtt på en god måte.",
        ],
        intros=[
            "Å leve med en funksjonsnedsettelse handler ofte om mye mer enn selve diagnosen: om å bli sett, om "
            "praktiske hindringer og om å få være seg selv. I gruppa deler vi erfaringer og tips, og støtter "
            "hverandre når det butter.",
            "Gruppa er for voksne med fysisk funksjonsnedsettelse, syns- eller hørselsnedsettelse eller andre "
            "varige utfordringer. Vi tilpasser møtene etter behovene i gruppa.",
        ],
        weight=3,
        audiences={Audience.EVERYONE: 4, Audience.YOUNG_ADULTS: 1},
        daytime=0.3,
    ),
    "sorg": ThemeText(
        names=["Sorggruppe", "Samtalegruppe for etterlatte", "Sorg og savn – samtalegruppe"],
        summaries=[
            "For deg som har mistet noen som sto deg nær og trenger noen å dele sorgen med.",
            "Et rolig sted å snakke om savnet, minnene og hvordan livet går videre etter et dødsfall.",
            "Vi er etterlatte som møtes for å dele erfaringer med sorg – enten tapet er nytt eller ligger noen "
            "år tilbake.",
        ],
        intros=[
            "Sorg tar den tiden den tar, og den ser ulik ut for hver enkelt. I gruppa møter du andre som har "
            "mistet en ektefelle, en forelder, et barn eller en venn. Vi snakker om savnet og minnene, og om "
            "hvordan hverdagen kan bli levelig igjen.",
            "Gruppa er for deg som har mistet noen som sto deg nær. Mange forteller at det er godt å være et sted "
            "der de ikke trenger å være sterke, og der det er lov å snakke om den som er borte.",
        ],
        weight=12,
        related=["etterlatte-etter-selvmord", "livshendelser"],
        audiences={Audience.EVERYONE: 6, Audience.SENIORS: 2, Audience.YOUNG_ADULTS: 1},
        daytime=0.25,
    ),
    "etterlatte-etter-selvmord": ThemeText(
        names=["Etterlatte etter selvmord – samtalegruppe", "Samtalegruppe for etterlatte etter selvmord"],
        summaries=[
            "For deg som har mistet noen i selvmord, enten det var nylig eller for mange år siden.",
            "Vi er etterlatte etter selvmord som møtes for å dele sorgen, spørsmålene og veien videre.",
        ],
        intros=[
            "Å miste noen i selvmord gir en sorg med mange spørsmål, ofte også skyld og sinne. I gruppa møter du "
            "andre som har opplevd det samme, og som vet at det ikke finnes enkle svar.",
            "Gruppa er for foreldre, søsken, partnere, barn og venner som har mistet noen i selvmord. Det er "
            "ingen krav til hvor lang tid som har gått siden tapet.",
        ],
        weight=3,
        related=["sorg"],
    ),
    "samlivsbrudd": ThemeText(
        names=["Samtalegruppe om samlivsbrudd", "Etter bruddet – samtalegruppe", "Selvhjelpsgruppe om skilsmisse og brudd"],
        summaries=[
            "For deg som står i eller har vært gjennom et samlivsbrudd og vil finne fotfeste igjen.",
            "Vi deler erfaringer med skilsmisse og brudd: sorgen, det praktiske og livet etterpå.",
        ],
        intros=[
            "Et samlivsbrudd snur opp ned på mye på en gang: hjem, økonomi, venner og ofte hverdagen med barna. I "
            "gruppa snakker vi om det som er vanskelig, og om hvordan vi bygger et nytt liv steg for steg.",
            "Gruppa er for deg som har opplevd et brudd, enten det var ditt valg eller ikke. Mange kjenner på "
            "sorg, sinne og lettelse om hverandre, og alt det er velkomment her.",
        ],
        weight=6,
        related=["livshendelser"],
        audiences={Audience.EVERYONE: 4, Audience.MEN: 1, Audience.WOMEN: 1},
    ),
    "ufrivillig-barnloshet": ThemeText(
        names=["Samtalegruppe om ufrivillig barnløshet", "Når barnet ikke kommer – samtalegruppe"],
        summaries=[
            "For deg som ønsker deg barn, men ikke har fått det, eller som har mistet et svangerskap.",
            "Vi deler erfaringer med barnløshet, fertilitetsbehandling og sorgen over barnet som ikke kom.",
        ],
        intros=[
            "Ufrivillig barnløshet kan være en ensom sorg, som omgivelsene ikke alltid ser. I gruppa møter du "
            "andre som kjenner på det samme, enten dere er midt i behandling, har avsluttet den eller har valgt "
            "en annen vei.",
            "Gruppa er for enkeltpersoner og par som ønsker seg barn uten å ha fått det. Vi snakker om håp, "
            "skuffelse og hvordan vi kan leve godt med det livet ble.",
        ],
        weight=3,
        related=["livshendelser"],
    ),
    "arbeidsledighet": ThemeText(
        names=["Selvhjelpsgruppe om arbeidsledighet", "Samtalegruppe for arbeidssøkere", "Ny start – samtalegruppe for deg uten jobb"],
        summaries=[
            "For deg som har mistet jobben eller står utenfor arbeidslivet og vil møte andre i samme situasjon.",
            "Vi deler erfaringer med arbeidsledighet og støtter hverandre i å holde motet oppe.",
        ],
        intros=[
            "Å miste jobben handler om mer enn inntekt: mange mister også rutiner, kolleger og en del av seg "
            "selv. I gruppa snakker vi om hvordan det kjennes, og hjelper hverandre å holde motet oppe.",
            "Gruppa er for deg som er arbeidsledig, permittert eller har stått utenfor arbeidslivet en stund. Vi "
            "er ikke et jobbsøkerkurs, men et sted å dele erfaringer og støtte hverandre.",
        ],
        weight=3,
        related=["livshendelser"],
        audiences={Audience.EVERYONE: 4, Audience.YOUNG_ADULTS: 1},
        daytime=0.7,
    ),
    "kronisk-smerte": ThemeText(
        names=["Smertegruppe", "Samtalegruppe om kroniske smerter", "Leve med smerter – samtalegruppe"],
        summaries=[
            "For deg som lever med langvarige smerter og vil dele erfaringer om hvordan hverdagen kan bli lettere.",
            "Vi er mennesker med kroniske smerter som møtes for å støtte hverandre og dele det som hjelper.",
        ],
        intros=[
            "Langvarige smerter påvirker søvn, humør, jobb og forholdet til andre. Ofte synes ikke smertene "
            "utenpå, og mange føler seg misforstått. I gruppa blir du trodd, og vi deler erfaringer om å finne "
            "balansen mellom aktivitet og hvile.",
            "Gruppa er for deg som har hatt smerter i lang tid, enten du har en diagnose som fibromyalgi eller "
            "ikke. Det er lov å reise seg, strekke på seg eller ligge ned under møtet.",
        ],
        weight=6,
        related=["me-utmattelse", "somatisk-helse"],
        audiences={Audience.EVERYONE: 5, Audience.WOMEN: 1, Audience.SENIORS: 1},
        daytime=0.5,
    ),
    "me-utmattelse": ThemeText(
        names=["ME-gruppe", "Samtalegruppe om ME og utmattelse", "Selvhjelpsgruppe for deg med langvarig utmattelse"],
        summaries=[
            "For deg som har ME eller langvarig utmattelse og må leve med lite krefter.",
            "En rolig gruppe i et tempo som passer for den som har lite energi. Korte møter med pause.",
        ],
        intros=[
            "Når kreftene er små, må alt planlegges. I gruppa deler vi erfaringer om å porsjonere energien, om å "
            "bli trodd og om å finne glede i hverdagen. Møtene er korte, og det er helt greit å melde forfall på "
            "kort varsel.",
            "Gruppa er for deg som har ME, senfølger etter covid eller annen langvarig utmattelse. Vi tar hensyn "
            "til lys, lyd og tempo, og ingen trenger å forklare hvorfor de må gå tidlig.",
        ],
        weight=4,
        related=["kronisk-smerte", "somatisk-helse"],
        audiences={Audience.EVERYONE: 5, Audience.YOUNG_ADULTS: 1},
        daytime=0.7,
    ),
    "kreft": ThemeText(
        names=["Samtalegruppe om kreft", "Selvhjelpsgruppe for deg som har hatt kreft", "Livet etter kreft – samtalegruppe"],
        summaries=[
            "For deg som har eller har hatt kreft, og vil snakke med andre som vet hvordan det er.",
            "Vi deler erfaringer med kreftsykdom, behandling og livet etterpå.",
        ],
        intros=[
            "En kreftdiagnose endrer mye, både under behandlingen og lenge etterpå. I gruppa snakker vi om frykt, "
            "slitenhet, en kropp som har forandret seg og nye prioriteringer – og om alt det andre i livet også.",
            "Gruppa er for deg som er i behandling for kreft, eller som er ferdigbehandlet og skal finne veien "
            "videre. Vi deler erfaringer, ikke medisinske råd.",
        ],
        weight=4,
        related=["somatisk-helse"],
        audiences={Audience.EVERYONE: 4, Audience.WOMEN: 1, Audience.MEN: 1, Audience.YOUNG_ADULTS: 1},
        daytime=0.3,
    ),
    "tinnitus": ThemeText(
        names=["Tinnitusgruppe", "Samtalegruppe om tinnitus og lydfølsomhet"],
        summaries=[
            "For deg som lever med øresus eller lydoverfølsomhet og vil lære av andres erfaringer.",
            "Vi deler erfaringer med tinnitus: søvn, konsentrasjon og det som gjør lyden lettere å leve med.",
        ],
        intros=[
            "Tinnitus kan være slitsomt, særlig når det er stille rundt deg. I gruppa snakker vi om hvordan vi "
            "takler søvnløse netter og krevende dager, og deler det som har fungert for oss.",
            "Gruppa er for deg som har tinnitus eller er overfølsom for lyd. Vi møtes i et rolig rom og snakker "
            "én om gangen.",
        ],
        weight=2,
        related=["somatisk-helse"],
        audiences={Audience.EVERYONE: 3, Audience.SENIORS: 1},
        daytime=0.3,
    ),
    "parorende": ThemeText(
        names=["Pårørendegruppe", "Samtalegruppe for pårørende"],
        summaries=[
            "For deg som står nær noen som er syk eller trenger mye omsorg, og som trenger et sted for deg selv.",
            "Vi er pårørende som deler erfaringer om omsorg, bekymring og det å ta vare på seg selv.",
        ],
        intros=[
            "Som pårørende står du ofte i skyggen av den som er syk. I gruppa er det du som er i sentrum. Vi "
            "snakker om bekymring, sorg og slitenhet, men også om det som gir oss krefter.",
            "Gruppa er for deg som er partner, forelder, barn eller søsken til noen som trenger mye omsorg. Vi "
            "deler erfaringer og hjelper hverandre å sette grenser.",
        ],
        weight=3,
        audiences={Audience.RELATIVES: 1},
        daytime=0.3,
    ),
    "parorende-rus": ThemeText(
        names=["Pårørendegruppe rus", "Samtalegruppe for pårørende til rusavhengige"],
        summaries=[
            "For deg som er glad i noen med rusproblemer og kjenner på bekymring, skam eller sinne.",
            "Vi er foreldre, partnere, søsken og voksne barn av rusavhengige som støtter hverandre.",
        ],
        intros=[
            "Når noen vi er glad i ruser seg, preger det hele familien. Mange av oss har båret på bekymring og "
            "skam i lang tid. I gruppa snakker vi åpent om det, og hjelper hverandre å ta vare på oss selv.",
            "Gruppa er for deg som er pårørende til noen med et rus- eller spilleproblem. Det er deg og din "
            "situasjon vi snakker om, ikke den som ruser seg.",
        ],
        weight=5,
        related=["parorende"],
        audiences={Audience.RELATIVES: 1},
    ),
    "parorende-psykisk-helse": ThemeText(
        names=["Pårørendegruppe psykisk helse", "Samtalegruppe for pårørende til psykisk syke"],
        summaries=[
            "For deg som står nær noen med psykiske lidelser og trenger et sted å lette på trykket.",
            "Vi deler erfaringer som pårørende innen psykisk helse: bekymring, ansvar og egne grenser.",
        ],
        intros=[
            "Å stå nær noen med psykisk sykdom kan være krevende og ensomt. I gruppa møter du andre som vet "
            "hvordan det er å leve med uforutsigbarhet, og som forstår både kjærligheten og slitenheten.",
            "Gruppa er for foreldre, partnere, søsken og voksne barn av personer med psykiske lidelser. Vi "
            "snakker om hvordan vi har det selv, og om hvordan vi kan ta vare på oss selv.",
        ],
        weight=5,
        related=["parorende"],
        audiences={Audience.RELATIVES: 1},
    ),
    "parorende-demens": ThemeText(
        names=["Pårørendegruppe demens", "Samtalegruppe for pårørende til personer med demens"],
        summaries=[
            "For deg som er pårørende til en med demens og vil dele erfaringer med andre i samme situasjon.",
            "Vi er ektefeller og voksne barn som støtter hverandre gjennom hverdagen med demens.",
        ],
        intros=[
            "Når en vi er glad i får demens, endres forholdet litt etter litt. Mange pårørende kjenner på sorg "
            "lenge før tapet. I gruppa deler vi erfaringer om omsorg, avlastning og om å ta vare på seg selv.",
            "Gruppa er for deg som har en ektefelle, forelder eller annen nær person med demens. Mange av oss "
            "møtes på dagtid, slik at det er lettere å få det til å gå opp med omsorgsoppgavene.",
        ],
        weight=4,
        related=["parorende"],
        audiences={Audience.RELATIVES: 3, Audience.SENIORS: 1},
        daytime=0.6,
    ),
}

AUDIENCE_SUFFIX = {
    Audience.MEN: " for menn",
    Audience.WOMEN: " for kvinner",
    Audience.YOUNG_ADULTS: " for unge voksne",
    Audience.SENIORS: " for seniorer",
}

HOW_WE_WORK = [
    "Vi er en selvstyrt gruppe uten fagperson til stede. Alle deler det de selv ønsker, og det som blir sagt i "
    "gruppa, blir i gruppa.",
    "Møtene begynner med en kort runde der alle kan si hvordan tiden siden sist har vært. Etterpå snakker vi "
    "om det som opptar oss, og vi avslutter med en runde der alle får si noe.",
    "Vi har noen enkle avtaler: vi lytter uten å avbryte, vi gir ikke hverandre råd, og vi har taushetsplikt "
    "overfor hverandre.",
    "Det er helt greit å bare lytte de første gangene. Mange synes det er godt å oppdage at de ikke er alene.",
    "Vi drikker kaffe eller te og tar det i det tempoet som passer gruppa. Noen ganger er det mye latter, andre "
    "ganger er det stille, og begge deler er like greit.",
    "Gruppa kom i gang med hjelp fra en igangsetter, men drives nå av medlemmene selv. Vi bytter på å ha "
    "ansvar for å låse opp og sette på kaffen.",
]

STATUS_TEXTS = {
    Status.OPEN: [
        "Vi har plass til flere. Send en melding til kontaktpersonen, så får du vite mer om neste møte.",
        "Ta gjerne kontakt før du kommer første gang, så vi vet at du kommer og kan ta imot deg.",
    ],
    Status.RECRUITING: [
        "Gruppa er ny, og vi ønsker oss flere medlemmer. Ta kontakt hvis du vil være med eller bare vil høre mer.",
        "Vi er i gang med å samle deltakere. Du forplikter deg ikke til noe ved å ta kontakt.",
    ],
    Status.CLOSED: [
        "Gruppa er full akkurat nå. Ta likevel gjerne kontakt, så sier vi fra når det blir en ledig plass.",
        "Vi tar ikke inn nye medlemmer for tiden, fordi gruppa trenger ro til å bli trygg. Se gjerne etter andre "
        "grupper i nærheten.",
    ],
    Status.PLANNED: [
        "Gruppa er under oppstart. Før det første møtet blir det et åpent informasjonsmøte der du kan høre mer og "
        "stille spørsmål.",
        "Vi planlegger å starte en gruppe her. Ta kontakt hvis du er interessert, så får du beskjed om "
        "informasjonsmøtet.",
    ],
    Status.PAUSED: [
        "Gruppa tar en pause for tiden. Ta kontakt hvis du vil vite når vi starter opp igjen.",
    ],
    Status.ENDED: [
        "Gruppa er avsluttet. Takk til alle som har vært med! Se etter andre grupper på samme tema i nærheten.",
    ],
}

ONLINE_TEXTS = [
    "Vi møtes på video. Lenken får du av kontaktpersonen når du har tatt kontakt.",
    "Møtene foregår på nett, så du kan være med fra der du bor. Du trenger bare en PC, et nettbrett eller en "
    "mobil med kamera.",
]
HYBRID_TEXT = "Du kan være med i lokalet eller på video, etter hva som passer deg den dagen."
WHEELCHAIR_TEXTS = {
    True: "Lokalet er tilgjengelig med rullestol.",
    False: "Lokalet har dessverre trapp og er ikke tilgjengelig med rullestol.",
}

PLACES = [
    ("Frivilligsentralen", 6),
    ("Biblioteket", 4),
    ("Lærings- og mestringssenteret", 2),
    ("Kirkens lokaler", 3),
    ("Frisklivssentralen", 3),
    ("Menighetshuset", 2),
    ("Kulturhuset", 2),
    ("Helsehuset", 2),
    ("Frivillighetens hus", 1),
    ("Møterom på rådhuset", 1),
]
OTHER_SCHEDULES = [
    "Hver uke i skoleåret, med pause i jul, påske og sommer.",
    "Seks samlinger i høst, og så avtaler gruppa selv hvordan det skal bli videre.",
    "Annenhver uke på dagtid. Dag og tid avtaler vi i gruppa.",
    "To ganger i måneden, etter avtale i gruppa.",
    "Hver mandag fra januar til juni.",
]
# Municipalities named with "på" rather than "i": "Sorggruppe på Hitra".
PA_PLACES = {
    "Andøy", "Askøy", "Austevoll", "Averøy", "Bokn", "Bømlo", "Dovre", "Dønna", "Fitjar", "Frosta", "Frøya",
    "Giske", "Hamarøy", "Herøy", "Hitra", "Hvaler", "Inderøy", "Jevnaker", "Karmøy", "Kvitsøy", "Leka", "Lesja",
    "Lurøy", "Nesodden", "Rødøy", "Røst", "Senja", "Smøla", "Stord", "Træna", "Tysnes", "Utsira", "Vega",
    "Vestvågøy", "Værøy", "Ørland",
}
# More people, more groups: a rough weight for the larger towns (by Norwegian name); others get 0.35.
TOWN_WEIGHTS = {
    "Oslo": 40, "Bergen": 18, "Trondheim": 14, "Stavanger": 10, "Bærum": 8, "Kristiansand": 8, "Drammen": 7,
    "Asker": 6, "Lillestrøm": 6, "Fredrikstad": 6, "Sandnes": 6, "Tromsø": 6, "Nordre Follo": 4, "Skien": 4,
    "Bodø": 4, "Ålesund": 4, "Sarpsborg": 4, "Larvik": 3, "Tønsberg": 3, "Sandefjord": 3, "Arendal": 3,
    "Haugesund": 3, "Porsgrunn": 3, "Hamar": 3, "Lillehammer": 3, "Gjøvik": 3, "Molde": 3, "Moss": 3,
    "Ullensaker": 3, "Lørenskog": 2, "Ringsaker": 2, "Halden": 2, "Kongsberg": 2, "Ringerike": 2, "Harstad": 2,
    "Alta": 2, "Steinkjer": 2, "Stjørdal": 2, "Levanger": 2, "Kristiansund": 2, "Rana": 2, "Narvik": 2,
    "Karmøy": 2, "Horten": 2, "Elverum": 1.5, "Kongsvinger": 1.5, "Grimstad": 1.5, "Namsos": 1.5,
    "Hammerfest": 1.5, "Holmestrand": 1.5, "Verdal": 1.5, "Sunnfjord": 1.5, "Stange": 1.5, "Sogndal": 1,
    "Østre Toten": 1, "Vestre Toten": 1, "Gran": 1, "Vadsø": 1, "Sør-Varanger": 1,
}
DEFAULT_TOWN_WEIGHT = 0.35
STATUS_WEIGHTS = {
    Status.OPEN: 40, Status.RECRUITING: 18, Status.CLOSED: 20, Status.PLANNED: 10, Status.PAUSED: 6, Status.ENDED: 6,
}

FIRST_NAMES = [
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde", "Randi",
    "Silje", "Ida", "Nora", "Ragnhild", "Tone", "Camilla", "Heidi", "Solveig", "Jan", "Per", "Bjørn", "Ole",
    "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans", "Geir", "Terje", "Odd", "Rune", "Trond", "Eirik",
    "Magnus", "Jonas", "Sindre", "Håkon", "Aslak", "Máret", "Nils", "Sigrid", "Elin", "Torunn", "Vidar", "Frode",
]
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Iversen", "Strand",
    "Solberg", "Bakken", "Lie", "Rønning", "Aune", "Sande", "Brekke", "Myhre", "Sara", "Eira", "Vik", "Holm",
]


# ---------------------------------------------------------------------------------------------
# Specifications: plain data, so the one-by-one path and the bulk path build the same groups.
# ---------------------------------------------------------------------------------------------


@dataclass
class GroupSpec:
    fields: dict
    theme_slugs: list[str]

    @property
    def name(self) -> str:
        return self.fields["name"]


def _place_phrase(municipality: Municipality) -> str:
    name = municipality.name_plain
    return f"på {name}" if name in PA_PLACES else f"i {name}"


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _paragraphs(paragraphs: list[str]) -> str:
    # A line break between paragraphs keeps words apart once the search document strips the tags.
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def _first_weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


class _Generator:
    """Draws one group at a time. Keeps the per-theme tables and the names already used."""

    def __init__(self, *, rng, municipalities, themes, contacts_by_county, today):
        self.rng = rng
        self.today = today
        self.themes = {t.slug: t for t in themes}
        self.theme_weights = {s: t.weight for s, t in THEME_TEXTS.items() if s in self.themes}
        if not self.theme_weights:
            raise ValueError("None of the demo themes exist: run load_themes first.")
        self.municipalities = municipalities
        self.town_weights = [TOWN_WEIGHTS.get(m.name_plain, DEFAULT_TOWN_WEIGHT) for m in municipalities]
        self.cum_weights = []
        total = 0.0
        for weight in self.town_weights:
            total += weight
            self.cum_weights.append(total)
        self.contacts_by_county = contacts_by_county
        self.all_contacts = [user for users in contacts_by_county.values() for user in users]
        self.used_names: set[str] = set()

    # -- choices --------------------------------------------------------------------------------

    def municipality(self, candidates=None) -> Municipality:
        if candidates is None:
            return self.rng.choices(self.municipalities, cum_weights=self.cum_weights)[0]
        weights = [TOWN_WEIGHTS.get(m.name_plain, DEFAULT_TOWN_WEIGHT) for m in candidates]
        return self.rng.choices(candidates, weights=weights)[0]

    def contact(self, municipality):
        users = self.contacts_by_county.get(municipality.county_id) if municipality else None
        users = users or self.all_contacts
        return self.rng.choice(users) if users else None

    # -- one group ------------------------------------------------------------------------------

    def group(self, *, municipality, attendance, theme_slug=None, status=None, unique_names=True) -> GroupSpec:
        rng = self.rng
        theme_slug = theme_slug or _weighted(rng, self.theme_weights)
        text = THEME_TEXTS[theme_slug]
        theme_slugs = [theme_slug]
        related = [s for s in text.related if s in self.themes]
        if related and rng.random() < 0.35:
            theme_slugs.append(rng.choice(related))
        audience = _weighted(rng, text.audiences)
        status = status or _weighted(rng, STATUS_WEIGHTS)
        name = self._name(text, audience, municipality, attendance, unique=unique_names)

        fields = {
            "name": name,
            "summary": rng.choice(text.summaries),
            "municipality": municipality,
            "attendance": attendance,
            "audience": audience,
            "status": status,
            "address": "",
            "show_address": False,
            "languages": "norsk",
            "min_age": 60 if audience == Audience.SENIORS else 18,
            "contact": self.contact(municipality),
            "live": True,
        }
        fields.update(self._schedule(text, audience, status))
        fields.update(self._capacity(status))
        fields.update(self._place(attendance, theme_slug))
        if attendance == Attendance.ONLINE and rng.random() < 0.15:
            fields["languages"] = "norsk, svensk og dansk"
        elif rng.random() < 0.05:
            fields["languages"] = "norsk og engelsk"
        fields["description"] = self._description(text, status, attendance, fields["wheelchair_accessible"])
        age_days = rng.randint(20, 120) if status == Status.PLANNED else rng.randint(60, 1100)
        created_at = timezone.make_aware(
            datetime.datetime.combine(
                self.today - datetime.timedelta(days=age_days),
                datetime.time(rng.randint(8, 20), rng.choice([0, 15, 30, 45])),
            )
        )
        fields.update({"created_at": created_at, "first_published_at": created_at, "last_published_at": created_at})
        return GroupSpec(fields=fields, theme_slugs=theme_slugs)

    def _name(self, text, audience, municipality, attendance, *, unique) -> str:
        rng = self.rng
        suffix = AUDIENCE_SUFFIX.get(audience, "")
        stems = [text.names[0]] if suffix else text.names
        for _attempt in range(6):
            stem = rng.choice(stems) + suffix
            if municipality is None:
                options = [f"{stem} på nett"]
                if stem.split()[0].endswith("gruppe"):
                    options.append("Digital " + (stem[0].lower() + stem[1:] if stem[1:2].islower() else stem))
            else:
                options = []
                # "… for deg som skader deg selv i Oslo" reads wrongly: such stems take the dash.
                if " som " not in stem:
                    options.append(f"{stem} {_place_phrase(municipality)}")
                if " – " not in stem or not options:
                    options.append(f"{stem} – {municipality.name_plain}")
            name = rng.choice(options)[:120]
            if not unique or name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def _schedule(self, text, audience, status) -> dict:
        rng = self.rng
        daytime = rng.random() < (max(text.daytime, 0.5) if audience == Audience.SENIORS else text.daytime)
        frequency = _weighted(
            rng, {Frequency.WEEKLY: 34, Frequency.BIWEEKLY: 36, Frequency.MONTHLY: 22, Frequency.OTHER: 8}
        )
        result = {"frequency": frequency, "week_of_month": None, "frequency_note": "", "first_meeting": None}
        if frequency == Frequency.OTHER:
            result.update(weekday=None, start_time=None, end_time=None, frequency_note=rng.choice(OTHER_SCHEDULES))
            return result
        weekday = _weighted(rng, {0: 20, 1: 26, 2: 24, 3: 22, 4: 3, 5: 2, 6: 3})
        if daytime:
            start = datetime.time(rng.choice([10, 10, 11, 11, 12, 13]), rng.choice([0, 0, 30]))
        else:
            start = _weighted(
                rng,
                {
                    datetime.time(17, 0): 10, datetime.time(17, 30): 12, datetime.time(18, 0): 30,
                    datetime.time(18, 30): 16, datetime.time(19, 0): 18, datetime.time(19, 30): 8,
                    datetime.time(20, 0): 4,
                },
            )
        minutes = _weighted(rng, {90: 6, 120: 4, 105: 1})
        end = (datetime.datetime.combine(self.today, start) + datetime.timedelta(minutes=minutes)).time()
        result.update(weekday=weekday, start_time=start, end_time=end)
        if frequency == Frequency.MONTHLY:
            result["week_of_month"] = _weighted(
                rng,
                {
                    WeekOfMonth.FIRST: 5, WeekOfMonth.SECOND: 3, WeekOfMonth.THIRD: 2,
                    WeekOfMonth.FOURTH: 1, WeekOfMonth.LAST: 2,
                },
            )
        if status == Status.PLANNED or (status == Status.RECRUITING and rng.random() < 0.5):
            # Starts soon: the first meeting is a few weeks ahead, on the group's weekday.
            ahead = self.today + datetime.timedelta(days=rng.randint(14, 70))
            result["first_meeting"] = _first_weekday_on_or_after(ahead, weekday)
        elif frequency == Frequency.BIWEEKLY:
            # A past meeting to count the fortnights from.
            back = self.today - datetime.timedelta(days=rng.randint(20, 400))
            result["first_meeting"] = _first_weekday_on_or_after(back, weekday)
        return result

    def _capacity(self, status) -> dict:
        rng = self.rng
        max_members = rng.choice([6, 7, 8, 8, 8, 10, 10, 12])
        if status == Status.OPEN:
            open_places = rng.choice([None, 1, 2, 2, 3, 3, 4])
        elif status == Status.RECRUITING:
            open_places = rng.randint(max_members // 2, max_members)
        elif status == Status.CLOSED:
            open_places = 0
        elif status == Status.PLANNED:
            open_places = rng.choice([None, max_members])
        else:
            open_places = None
        if open_places is not None:
            open_places = min(open_places, max_members)
        return {"max_members": max_members, "open_places": open_places}

    def _place(self, attendance, theme_slug) -> dict:
        rng = self.rng
        if attendance == Attendance.ONLINE:
            return {"place": "", "wheelchair_accessible": None}
        place = _weighted(rng, dict(PLACES))
        if rng.random() < 0.15:
            place += " i sentrum"
        if theme_slug == "funksjonsnedsettelse":
            wheelchair = True
        else:
            wheelchair = _weighted(rng, {True: 55, None: 30, False: 15})
        return {"place": place, "wheelchair_accessible": wheelchair}

    def _description(self, text, status, attendance, wheelchair) -> str:
        rng = self.rng
        paragraphs = [rng.choice(text.intros)]
        if rng.random() < 0.7:
            paragraphs.append(rng.choice(HOW_WE_WORK))
        practical = []
        if status == Status.ENDED:
            # An ended group's page says so and points onwards; the rest no longer matters.
            return _paragraphs(paragraphs + [rng.choice(STATUS_TEXTS[status])])
        if rng.random() < 0.75 or status in (Status.PAUSED, Status.PLANNED):
            practical.append(rng.choice(STATUS_TEXTS[status]))
        if attendance == Attendance.ONLINE:
            practical.append(rng.choice(ONLINE_TEXTS))
        elif attendance == Attendance.HYBRID:
            practical.append(HYBRID_TEXT)
        if wheelchair is not None and rng.random() < 0.5:
            practical.append(WHEELCHAIR_TEXTS[wheelchair])
        if practical:
            paragraphs.append(" ".join(practical))
        return _paragraphs(paragraphs)


def _fixed_groups(gen: _Generator, by_number: dict) -> list[GroupSpec]:
    """Groups the demo always has: grief groups around Levanger, and a relatives' group in Bodø."""
    wanted = [
        ("5037", "sorg", "Sorggruppe i Levanger", Status.OPEN, Audience.EVERYONE, [
            "Sorg tar den tiden den tar. Vi er en liten gruppe etterlatte som møtes på Frivilligsentralen i "
            "Levanger annenhver tirsdag. Noen av oss har mistet en ektefelle, andre en forelder, et barn eller en "
            "venn.",
            "Det er ingen fagperson til stede: vi deler erfaringer, lytter til hverandre og tar det i vårt eget "
            "tempo. Det er helt greit å bare lytte de første gangene.",
            "Vi har plass til flere. Send en melding til kontaktpersonen, så får du vite mer før du kommer.",
        ]),
        ("5038", "sorg", "Sorggruppe i Verdal", Status.RECRUITING, Audience.EVERYONE, None),
        ("5035", "sorg", "Sorg og savn – Stjørdal", Status.OPEN, Audience.EVERYONE, None),
        ("5006", "sorg", "Sorggruppe for etterlatte – Steinkjer", Status.CLOSED, Audience.SENIORS, None),
        ("5001", "sorg", "Sorggruppe for unge voksne i Trondheim", Status.OPEN, Audience.YOUNG_ADULTS, None),
        ("5001", "etterlatte-etter-selvmord", "Etterlatte etter selvmord – Trondheim", Status.RECRUITING,
         Audience.EVERYONE, None),
        ("1804", "parorende-rus", "Pårørendegruppe rus – Bodø", Status.OPEN, Audience.RELATIVES, None),
    ]
    specs = []
    for number, theme_slug, name, status, audience, paragraphs in wanted:
        municipality = by_number.get(number)
        if municipality is None or theme_slug not in gen.themes:
            continue
        spec = gen.group(
            municipality=municipality, attendance=Attendance.IN_PERSON, theme_slug=theme_slug, status=status
        )
        spec.fields.update(name=name, audience=audience, min_age=60 if audience == Audience.SENIORS else 18)
        if theme_slug == "etterlatte-etter-selvmord" and "sorg" in gen.themes:
            spec.theme_slugs = [theme_slug, "sorg"]
        if paragraphs:
            spec.theme_slugs = [theme_slug]
            spec.fields.update(
                summary="En trygg samtalegruppe for deg som har mistet noen som sto deg nær.",
                description=_paragraphs(paragraphs),
                place="Frivilligsentralen",
                wheelchair_accessible=True,
                frequency=Frequency.BIWEEKLY,
                weekday=1,
                week_of_month=None,
                frequency_note="",
                start_time=datetime.time(18, 0),
                end_time=datetime.time(19, 30),
                first_meeting=_first_weekday_on_or_after(gen.today - datetime.timedelta(days=200), 1),
                max_members=8,
                open_places=3,
            )
        gen.used_names.add(name)
        specs.append(spec)
    return specs


def demo_specs(*, count: int, seed: int, municipalities, themes, contacts_by_county, today=None) -> list[GroupSpec]:
    """About `count` demo groups: the fixed ones, at least two per county, the rest weighted by size."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    gen = _Generator(
        rng=rng, municipalities=municipalities, themes=themes, contacts_by_county=contacts_by_county, today=today
    )
    specs = _fixed_groups(gen, {m.number: m for m in municipalities})
    online = max(2, round(count * ONLINE_SHARE))
    for _ in range(online):
        specs.append(gen.group(municipality=None, attendance=Attendance.ONLINE))
    by_county: dict[int, list] = {}
    for municipality in municipalities:
        by_county.setdefault(municipality.county_id, []).append(municipality)
    placed = []
    for county_id in sorted(by_county):
        placed += [gen.municipality(by_county[county_id]) for _ in range(2)]
    while len(specs) + len(placed) < count:
        placed.append(gen.municipality())
    for municipality in placed[: max(count - len(specs), 0)]:
        attendance = Attendance.HYBRID if rng.random() < HYBRID_SHARE else Attendance.IN_PERSON
        specs.append(gen.group(municipality=municipality, attendance=attendance))
    return specs


def unique_slugs(names: list[str], taken: set[str] | None = None) -> list[str]:
    """Slugs for the names, in order, with -2, -3 … where a name repeats."""
    taken = set(taken or ())
    slugs = []
    for name in names:
        base = norwegian_slug(name)[:120] or "gruppe"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------


def reference_data():
    """Active municipalities (with county) and themes, in a stable order."""
    municipalities = list(Municipality.objects.active().select_related("county").order_by("number"))
    themes = list(Theme.objects.order_by("slug"))
    return municipalities, themes


def demo_contacts_ensure(*, seed: int = DEFAULT_SEED, per_county: int = CONTACTS_PER_COUNTY) -> dict[int, list[User]]:
    """A few fictional contact persons per county, who can never log in. County id → users."""
    from directory.models import County

    rng = random.Random(seed)
    result: dict[int, list[User]] = {}
    n = 0
    with transaction.atomic():
        for county in County.objects.active().order_by("number"):
            users = []
            for _ in range(per_county):
                n += 1
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                email = CONTACT_EMAIL.format(n=n)
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User(email=email, first_name=first, last_name=last)
                    user.set_unusable_password()
                    user.full_clean()
                    user.save()
                users.append(user)
            result[county.pk] = users
    return result


def demo_groups_ensure(
    *, count: int = DEFAULT_DEMO_COUNT, seed: int = DEFAULT_SEED, contacts_by_county=None
) -> list[SelfHelpGroup]:
    """Create the demo groups that do not exist yet (keyed on slug); returns the ones created.

    Each group is built with the group factory, validated with `full_clean()` and saved through the
    model, so it gets its search document the ordinary way.
    """
    from tests.factories import SelfHelpGroupFactory

    if count <= 0:
        return []
    municipalities, themes = reference_data()
    if contacts_by_county is None:
        contacts_by_county = demo_contacts_ensure(seed=seed)
    specs = demo_specs(
        count=count, seed=seed, municipalities=municipalities, themes=themes, contacts_by_county=contacts_by_county
    )
    slugs = unique_slugs([s.name for s in specs])
    existing = set(SelfHelpGroup.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    theme_by_slug = {t.slug: t for t in themes}
    created = []
    with transaction.atomic():
        for spec, slug in zip(specs, slugs):
            if slug in existing:
                continue
            group = SelfHelpGroupFactory.build(slug=slug, **spec.fields)
            group.themes = [theme_by_slug[s] for s in spec.theme_slugs]
            group.full_clean()
            group.save()
            created.append(group)
    return created


def bench_groups_create(
    *, count: int, seed: int = DEFAULT_SEED, contacts_by_county=None, batch_size: int = BATCH_SIZE
) -> int:
    """Create `count` more groups in bulk for benchmarks, with slugs ending in -b<number>.

    `bulk_create` skips `save()`, so the search document is built here, from the same in-memory
    themes and municipality the rows are written with.
    """
    municipalities, themes = reference_data()
    if contacts_by_county is None:
        contacts_by_county = demo_contacts_ensure(seed=seed)
    numbers = [
        int(match.group(1))
        for slug in SelfHelpGroup.objects.filter(slug__contains="-b").values_list("slug", flat=True).iterator()
        if (match := BENCH_SLUG.search(slug))
    ]
    start = max(numbers, default=0) + 1
    rng = random.Random(seed * 1_000_003 + start)
    gen = _Generator(
        rng=rng,
        municipalities=municipalities,
        themes=themes,
        contacts_by_county=contacts_by_county,
        today=timezone.localdate(),
    )
    theme_by_slug = {t.slug: t for t in themes}
    groups, theme_rows = [], []
    for i in range(count):
        roll = rng.random()
        if roll < ONLINE_SHARE:
            municipality, attendance = None, Attendance.ONLINE
        else:
            municipality = gen.municipality()
            attendance = Attendance.HYBRID if roll < ONLINE_SHARE + HYBRID_SHARE else Attendance.IN_PERSON
        spec = gen.group(municipality=municipality, attendance=attendance, unique_names=False)
        group = SelfHelpGroup(slug=f"{norwegian_slug(spec.name)[:120]}-b{start + i}", **spec.fields)
        group.themes = [theme_by_slug[s] for s in spec.theme_slugs]
        # The foreign keys point at rows just read, and slugs are unique by construction: skip
        # the per-row queries that validating them would cost.
        group.full_clean(exclude=["municipality", "contact"], validate_unique=False, validate_constraints=False)
        group.search_document = build_document(group)
        groups.append(group)
        theme_rows.append(spec.theme_slugs)
    Through = SelfHelpGroup.themes.through
    with transaction.atomic():
        SelfHelpGroup.objects.bulk_create(groups, batch_size=batch_size)
        Through.objects.bulk_create(
            [
                Through(selfhelpgroup_id=group.pk, theme_id=theme_by_slug[slug].pk)
                for group, slugs in zip(groups, theme_rows)
                for slug in slugs
            ],
            batch_size=batch_size * 2,
        )
        index_vectors(SelfHelpGroup.objects.filter(pk__in=[group.pk for group in groups]))
    if connection.vendor == "postgresql":
        # Fresh statistics, so the benchmark that follows sees the plans production would.
        with connection.cursor() as cursor:
            # VACUUM also sets the visibility map, so counts can use index-only scans; it cannot
            # run inside a transaction (as in tests), where ANALYZE alone has to do.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {SelfHelpGroup._meta.db_table}, {Through._meta.db_table}")
    cache.delete(VOCABULARY_CACHE_KEY)
    groups_changed()
    return len(groups)
