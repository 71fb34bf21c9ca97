"""How to obtain the credentials of each login method: the manual's "i" buttons (ID-5).

Every text exists in Italian, English and French and lives in the tables below, so a
translator finds them all in one place. The regional-credentials text quotes the two
dates of the ID-3 policy, which the caller passes in (they are configuration), written
out in words the way each language writes dates.

>>> import datetime
>>> info = method_info(
...     LoginMethod.REGIONAL,
...     Language.ENGLISH,
...     self_registration_closed_from=datetime.date(2021, 2, 28),
...     regional_login_until=datetime.date(2021, 9, 30),
... )
>>> "up to and including 30 September 2021" in info.text
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.locale import Language

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

__all__ = ["MethodInfo", "method_info"]


def _all_https(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for link in value:
        if not link.startswith("https://"):
            msg = f"{attribute.name}: {link!r} is not an https address"
            raise ValueError(msg)


@attrs.frozen(kw_only=True)
class MethodInfo:
    """What a citizen reads behind the "i" button of one login method (ID-5).

    Attributes:
        method: The login method the text explains.
        language: The language of :attr:`title` and :attr:`text`.
        title: A short heading for the info box.
        text: Three to five plain sentences, no markup.
        links: Official https pages where the citizen learns more (possibly none).
    """

    method: LoginMethod
    language: Language
    title: str = attrs.field(validator=attrs.validators.min_len(1))
    text: str = attrs.field(validator=attrs.validators.min_len(1))
    links: tuple[str, ...] = attrs.field(validator=_all_https)


def method_info(
    method: LoginMethod,
    language: Language,
    *,
    self_registration_closed_from: datetime.date,
    regional_login_until: datetime.date,
) -> MethodInfo:
    """Tell the citizen how to obtain and use the credentials of one method (ID-5).

    Args:
        method: The login method whose "i" button was pressed.
        language: The language to answer in.
        self_registration_closed_from: First day on which new regional credentials can
            no longer be self-registered (ID-3; 2021-02-28 by default).
        regional_login_until: Last day, included, on which existing regional
            credentials still log in (ID-3; 2021-09-30 by default).

    Returns:
        The title, text and links; only the regional text uses the two dates.

    >>> import datetime
    >>> info = method_info(
    ...     LoginMethod.SPID,
    ...     Language.ITALIAN,
    ...     self_registration_closed_from=datetime.date(2021, 2, 28),
    ...     regional_login_until=datetime.date(2021, 9, 30),
    ... )
    >>> info.title, info.links
    ('Come ottenere SPID', ('https://www.spid.gov.it',))
    """
    title, template = _TEXTS[method][language]
    text = template.format(
        closed_from=_long_date(self_registration_closed_from, language),
        login_until=_long_date(regional_login_until, language),
    )
    return MethodInfo(
        method=method, language=language, title=title, text=text, links=_LINKS[method]
    )


def _long_date(date: datetime.date, language: Language) -> str:
    """Write a date out in words: day, month name, year.

    >>> import datetime
    >>> _long_date(datetime.date(2021, 2, 28), Language.ITALIAN)
    '28 febbraio 2021'
    >>> _long_date(datetime.date(2021, 3, 1), Language.FRENCH)
    '1er mars 2021'
    """
    day = _FIRST_DAY[language] if date.day == 1 else str(date.day)
    return f"{day} {_MONTHS[language][date.month - 1]} {date.year}"


_MONTHS: Final[Mapping[Language, tuple[str, ...]]] = {
    Language.ITALIAN: (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    Language.ENGLISH: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    Language.FRENCH: (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}

# The first of the month is an ordinal in Italian ("1º marzo") and French ("1er mars").
_FIRST_DAY: Final[Mapping[Language, str]] = {
    Language.ITALIAN: "1º",
    Language.ENGLISH: "1",
    Language.FRENCH: "1er",
}

_SPID_SITE: Final = "https://www.spid.gov.it"
_CIE_SITE: Final = "https://www.cartaidentita.interno.gov.it"

# TS-CNS activation offices differ by Region, so no national page is linked: the text
# stays generic and sends the citizen to their Region.
_LINKS: Final[Mapping[LoginMethod, tuple[str, ...]]] = {
    LoginMethod.SPID: (_SPID_SITE,),
    LoginMethod.CIE: (_CIE_SITE,),
    LoginMethod.CNS: (),
    LoginMethod.REGIONAL: (_SPID_SITE, _CIE_SITE),
}

# (title, text) per method and language. Only the regional texts have placeholders:
# {closed_from} and {login_until}, replaced by the dates written out in words. Italian
# says "dal giorno" / "al giorno" so that no article has to elide ("dall'8").
_TEXTS: Final[Mapping[LoginMethod, Mapping[Language, tuple[str, str]]]] = {
    LoginMethod.SPID: {
        Language.ITALIAN: (
            "Come ottenere SPID",
            "SPID, il Sistema Pubblico di Identità Digitale, ti permette di accedere ai "
            "servizi online della pubblica amministrazione e dei privati aderenti con un "
            "solo nome utente e una sola password. Lo ottieni da uno dei gestori di "
            "identità (identity provider) accreditati da AgID, gratuitamente o a pagamento "
            "secondo il gestore, dopo il riconoscimento di persona, via webcam oppure con "
            "CIE, CNS o firma digitale. SPID ha tre livelli di sicurezza: il livello 1 "
            "chiede nome utente e password, il livello 2 aggiunge un codice temporaneo o "
            "una conferma sull'app, il livello 3 un dispositivo fisico come una smart card. "
            "Per accedere premi il pulsante SPID e scegli il tuo gestore di identità. "
            "L'elenco dei gestori e le istruzioni sono su www.spid.gov.it.",
        ),
        Language.ENGLISH: (
            "How to get SPID",
            "SPID, the Italian Public Digital Identity System, lets you use the online "
            "services of public administrations and participating companies with one "
            "username and password. You get it from one of the identity providers "
            "accredited by AgID, free of charge or for a fee depending on the provider, "
            "after an identity check in person, by webcam, or with a CIE, a CNS or a "
            "digital signature. SPID has three security levels: level 1 asks for username "
            "and password, level 2 adds a one-time code or a confirmation in an app, and "
            "level 3 a physical device such as a smart card. To log in, press the SPID "
            "button and choose your identity provider. The list of providers and the "
            "instructions are on www.spid.gov.it.",
        ),
        Language.FRENCH: (
            "Comment obtenir SPID",
            "SPID, le système public d'identité numérique italien, vous permet d'accéder "
            "aux services en ligne des administrations publiques et des entreprises "
            "adhérentes avec un seul identifiant et un seul mot de passe. Vous l'obtenez "
            "auprès de l'un des fournisseurs d'identité accrédités par l'AgID, gratuitement "
            "ou non selon le fournisseur, après une vérification de votre identité en "
            "personne, par webcam, ou avec une CIE, une CNS ou une signature numérique. "
            "SPID a trois niveaux de sécurité : le niveau 1 demande identifiant et mot de "
            "passe, le niveau 2 ajoute un code à usage unique ou une confirmation sur une "
            "application, le niveau 3 un dispositif physique comme une carte à puce. Pour "
            "vous connecter, cliquez sur le bouton SPID et choisissez votre fournisseur "
            "d'identité. La liste des fournisseurs et les instructions se trouvent sur "
            "www.spid.gov.it.",
        ),
    },
    LoginMethod.CIE: {
        Language.ITALIAN: (
            "Come ottenere e usare la CIE",
            "La Carta d'Identità Elettronica (CIE) è il documento di identità rilasciato "
            "dal tuo Comune; il suo chip contiene la tua identità digitale. La richiedi "
            "all'ufficio anagrafe del Comune (o al consolato se risiedi all'estero): la "
            "prima metà del PIN ti viene data alla richiesta, la seconda arriva con la "
            "carta. Per accedere usa l'app CieID su uno smartphone con NFC, oppure un "
            "lettore di smart card contactless collegato al computer con il software CieID, "
            "e digita il PIN di 8 cifre. Istruzioni e assistenza sono su "
            "www.cartaidentita.interno.gov.it.",
        ),
        Language.ENGLISH: (
            "How to get and use the CIE",
            "The CIE (Carta d'Identità Elettronica) is the electronic identity card issued "
            "by your municipality; its chip holds your digital identity. You apply for it "
            "at the registry office of your municipality (or at the consulate if you live "
            "abroad): you receive the first half of the PIN when you apply and the second "
            "half with the card. To log in, use the CieID app on a smartphone with NFC, or "
            "a contactless smart-card reader connected to your computer with the CieID "
            "software, and type the 8-digit PIN. Instructions and help are on "
            "www.cartaidentita.interno.gov.it.",
        ),
        Language.FRENCH: (
            "Comment obtenir et utiliser la CIE",
            "La CIE (Carta d'Identità Elettronica) est la carte d'identité électronique "
            "délivrée par votre commune ; sa puce contient votre identité numérique. Vous "
            "la demandez au service de l'état civil de votre commune (ou au consulat si "
            "vous résidez à l'étranger) : vous recevez la première moitié du code PIN lors "
            "de la demande et la seconde avec la carte. Pour vous connecter, utilisez "
            "l'application CieID sur un smartphone doté du NFC, ou un lecteur de cartes à "
            "puce sans contact relié à votre ordinateur avec le logiciel CieID, et saisissez "
            "le code PIN à 8 chiffres. Instructions et assistance sur "
            "www.cartaidentita.interno.gov.it.",
        ),
    },
    LoginMethod.CNS: {
        Language.ITALIAN: (
            "Come attivare la TS-CNS",
            "La Tessera Sanitaria - Carta Nazionale dei Servizi (TS-CNS) è la tua tessera "
            "sanitaria con il chip, che contiene un certificato per farti riconoscere "
            "online. Per usarla devi prima attivarla presso uno sportello abilitato della "
            "tua Regione (per esempio dell'azienda sanitaria), portando la tessera e un "
            "documento di identità valido: lì ricevi il PIN e il PUK. Ti servono anche un "
            "lettore di smart card collegato al computer e il software della tessera, come "
            "indicato dalla tua Regione. Per accedere inserisci la tessera nel lettore, "
            "premi il pulsante della tessera sanitaria e digita il PIN.",
        ),
        Language.ENGLISH: (
            "How to activate the TS-CNS",
            "The TS-CNS (Tessera Sanitaria - Carta Nazionale dei Servizi) is your Italian "
            "health card with a chip that holds a certificate to identify you online. "
            "Before using it you must activate it at an office enabled by your Region (for "
            "example at the local health authority), bringing the card and a valid "
            "identity document: there you receive the PIN and the PUK. You also need a "
            "smart-card reader connected to your computer and the card's software, as "
            "your Region explains. To log in, insert the card in the reader, press the "
            "health card button and type the PIN.",
        ),
        Language.FRENCH: (
            "Comment activer la TS-CNS",
            "La TS-CNS (Tessera Sanitaria - Carta Nazionale dei Servizi) est votre carte "
            "d'assurance maladie italienne ; sa puce contient un certificat qui vous "
            "identifie en ligne. Avant de l'utiliser, vous devez l'activer auprès d'un "
            "guichet habilité de votre Région (par exemple celui de l'agence sanitaire "
            "locale), muni de la carte et d'une pièce d'identité valide : vous y recevez "
            "le code PIN et le code PUK. Il vous faut aussi un lecteur de cartes à puce "
            "relié à votre ordinateur et le logiciel de la carte, comme l'indique votre "
            "Région. Pour vous connecter, insérez la carte dans le lecteur, cliquez sur le "
            "bouton de la carte d'assurance maladie et saisissez le code PIN.",
        ),
    },
    LoginMethod.REGIONAL: {
        Language.ITALIAN: (
            "Credenziali regionali",
            "Le credenziali regionali sono il nome utente e la password rilasciati da "
            "questo portale. In base al D.L. 16 luglio 2020, n. 76, l'autoregistrazione "
            "di nuove credenziali regionali è chiusa dal giorno {closed_from}. Le "
            "credenziali che già possiedi si possono usare fino al giorno {login_until} "
            "compreso; dopo quella data potrai accedere solo con SPID, CIE o CNS. Se hai "
            "dimenticato la password puoi reimpostarla indicando il tuo indirizzo email e "
            "il tuo nome utente.",
        ),
        Language.ENGLISH: (
            "Regional credentials",
            "Regional credentials are the username and password issued by this portal. "
            "Under Decree-Law no. 76 of 16 July 2020, self-registration for new regional "
            "credentials is closed from {closed_from}. Credentials you already have can "
            "be used up to and including {login_until}; after that date you can log in "
            "only with SPID, CIE or CNS. If you forgot your password, you can reset it by "
            "giving your email address and your username.",
        ),
        Language.FRENCH: (
            "Identifiants régionaux",
            "Les identifiants régionaux sont le nom d'utilisateur et le mot de passe "
            "délivrés par ce portail. Conformément au D.L. du 16 juillet 2020 n° 76, "
            "l'auto-inscription pour obtenir de nouveaux identifiants régionaux est fermée "
            "à partir du {closed_from}. Les identifiants dont vous disposez déjà restent "
            "utilisables jusqu'au {login_until} inclus ; après cette date, vous ne pourrez "
            "vous connecter qu'avec SPID, CIE ou CNS. Si vous avez oublié votre mot de "
            "passe, vous pouvez le réinitialiser en indiquant votre adresse électronique "
            "et votre nom d'utilisateur.",
        ),
    },
}
