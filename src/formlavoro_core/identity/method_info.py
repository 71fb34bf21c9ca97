"""How to obtain the credentials of each login method: the manual's "i" buttons (ID-5).

The texts are catalogue entries (TX-1), rendered in the reader's language by the
portal's translator. The regional-credentials text quotes the two dates of the ID-3
policy, which the caller passes in (they are configuration), written out in words the
way each language writes dates.

>>> import datetime
>>> from formlavoro_core.texts import SourceTranslator
>>> info = method_info(
...     LoginMethod.REGIONAL,
...     Language.ENGLISH,
...     self_registration_closed_from=datetime.date(2021, 2, 28),
...     regional_login_until=datetime.date(2021, 9, 30),
...     translator=SourceTranslator(),
... )
>>> "up to and including 2021-09-30" in info.text
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.locale import Language
from formlavoro_core.texts import Text, Translator, _

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
    translator: Translator,
) -> MethodInfo:
    """Tell the citizen how to obtain and use the credentials of one method (ID-5).

    Args:
        method: The login method whose "i" button was pressed.
        language: The language to answer in.
        self_registration_closed_from: First day on which new regional credentials can
            no longer be self-registered (ID-3; 2021-02-28 by default).
        regional_login_until: Last day, included, on which existing regional
            credentials still log in (ID-3; 2021-09-30 by default).
        translator: The portal's translator, which renders the texts in ``language``.

    Returns:
        The title, text and links; only the regional text uses the two dates.

    >>> import datetime
    >>> from formlavoro_core.texts import SourceTranslator
    >>> info = method_info(
    ...     LoginMethod.SPID,
    ...     Language.ENGLISH,
    ...     self_registration_closed_from=datetime.date(2021, 2, 28),
    ...     regional_login_until=datetime.date(2021, 9, 30),
    ...     translator=SourceTranslator(),
    ... )
    >>> info.title, info.links
    ('How to get SPID', ('https://www.spid.gov.it',))
    """
    title, template = _TEXTS[method]
    text = template
    if method is LoginMethod.REGIONAL:
        text = attrs.evolve(
            template,
            params={
                "closed_from": self_registration_closed_from,
                "login_until": regional_login_until,
            },
        )
    return MethodInfo(
        method=method,
        language=language,
        title=translator.render(title, language),
        text=translator.render(text, language),
        links=_LINKS[method],
    )


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

# (title, text) per method, in the English source. Only the regional text has
# placeholders: {closed_from} and {login_until}, the ID-3 dates, which the translator
# writes out in words (Italian says "dal giorno" / "al giorno" so that no article has to
# elide: "dall'8").
_TEXTS: Final[Mapping[LoginMethod, tuple[Text, Text]]] = {
    LoginMethod.SPID: (
        _("How to get SPID"),
        _(
            "SPID, the Italian Public Digital Identity System, lets you use the online services "
            "of public administrations and participating companies with one username and "
            "password. You get it from one of the identity providers accredited by AgID, free of "
            "charge or for a fee depending on the provider, after an identity check in person, by"
            " webcam, or with a CIE, a CNS or a digital signature. SPID has three security "
            "levels: level 1 asks for username and password, level 2 adds a one-time code or a "
            "confirmation in an app, and level 3 a physical device such as a smart card. To log "
            "in, press the SPID button and choose your identity provider. The list of providers "
            "and the instructions are on www.spid.gov.it."
        ),
    ),
    LoginMethod.CIE: (
        _("How to get and use the CIE"),
        _(
            "The CIE (Carta d'Identità Elettronica) is the electronic identity card issued by "
            "your municipality; its chip holds your digital identity. You apply for it at the "
            "registry office of your municipality (or at the consulate if you live abroad): you "
            "receive the first half of the PIN when you apply and the second half with the card. "
            "To log in, use the CieID app on a smartphone with NFC, or a contactless smart-card "
            "reader connected to your computer with the CieID software, and type the 8-digit PIN."
            " Instructions and help are on www.cartaidentita.interno.gov.it."
        ),
    ),
    LoginMethod.CNS: (
        _("How to activate the TS-CNS"),
        _(
            "The TS-CNS (Tessera Sanitaria - Carta Nazionale dei Servizi) is your Italian health "
            "card with a chip that holds a certificate to identify you online. Before using it "
            "you must activate it at an office enabled by your Region (for example at the local "
            "health authority), bringing the card and a valid identity document: there you "
            "receive the PIN and the PUK. You also need a smart-card reader connected to your "
            "computer and the card's software, as your Region explains. To log in, insert the "
            "card in the reader, press the health card button and type the PIN."
        ),
    ),
    LoginMethod.REGIONAL: (
        _("Regional credentials"),
        _(
            "Regional credentials are the username and password issued by this portal. Under "
            "Decree-Law no. 76 of 16 July 2020, self-registration for new regional credentials is"
            " closed from {closed_from}. Credentials you already have can be used up to and "
            "including {login_until}; after that date you can log in only with SPID, CIE or CNS. "
            "If you forgot your password, you can reset it by giving your email address and your "
            "username."
        ),
    ),
}
