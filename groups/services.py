"""Writes for groups."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from outbox.services import email_compose, mailbox
from samhold.http import address_limits
from samhold.limits import rate_limit_allow

from .models import SelfHelpGroup


class ContactUnavailable(Exception):
    """The group cannot take messages (ended, or no one to receive them)."""


class RateLimited(Exception):
    """Too many messages from this address, or to this group, for now."""


def contact_recipient(group: SelfHelpGroup):
    """Who receives enquiries for the group: its contact person, if the group can take messages."""
    if group.is_ended or not group.live or group.contact is None or not group.contact.is_active:
        return None
    return group.contact


def contact_message_send(
    *,
    group: SelfHelpGroup,
    sender_name: str,
    sender_email: str = "",
    sender_phone: str = "",
    message: str,
    ip_address: str,
) -> None:
    """Relay a message to the group's contact person by e-mail, without revealing their address.

    The sender's e-mail address goes in Reply-To; a sender who gave only a phone number is
    called or texted back, and the e-mail asks the contact person to do that. Nothing of the
    message is stored here: the outgoing e-mail holds it (and the phone number) until it is
    delivered and is then wiped.
    """
    if not sender_email and not sender_phone:
        raise ValueError("A message needs an e-mail address or a phone number to answer.")
    recipient = contact_recipient(group)
    if recipient is None:
        raise ContactUnavailable
    limits = {
        **address_limits(ip_address, settings.SAMHOLD_CONTACT_LIMIT_PER_IP_PER_HOUR),
        # However many senders, the contact person gets at most this many a day.
        f"group:{group.pk}": (settings.SAMHOLD_CONTACT_LIMIT_PER_GROUP_PER_DAY, timedelta(days=1)),
    }
    # Whoever sends it, one address or number reaches only a few groups a day (only keyed hashes
    # of the keys are stored).
    sender_limit = (settings.SAMHOLD_CONTACT_LIMIT_PER_SENDER_PER_DAY, timedelta(days=1))
    if sender_email:
        limits[f"from:{mailbox(sender_email)}"] = sender_limit
    if sender_phone:
        limits[f"from-phone:{sender_phone}"] = sender_limit
    with transaction.atomic():
        # The same message from the same sender to the same group within the hour (a double
        # click, the form sent once more) is sent once: the repeat is answered the same and
        # sends nothing, nor counts towards the limits. Only a keyed hash of it is kept, as a
        # rate mark. The group's row is locked so that two at once are seen one after the other.
        SelfHelpGroup.objects.select_for_update().filter(pk=group.pk).first()
        repeat = f"{group.pk}\n{sender_name}\n{mailbox(sender_email) if sender_email else ''}\n{sender_phone}\n{message}"
        if not rate_limit_allow(scope="contact-once", limits={repeat: (1, timedelta(hours=1))}):
            return
        if not rate_limit_allow(scope="contact", limits=limits):
            raise RateLimited
        email_compose(
            to=[recipient.email],
            language=settings.LANGUAGE_CODE,  # the contact person reads it in Norwegian
            # The subject shows on lock screens: it never names the group (its name tells its theme).
            subject=gettext_lazy("A new message through Samhold"),
            template="groups/email/contact_message.txt",
            context={
                "group": group,
                "sender_name": sender_name,
                "sender_email": sender_email,
                "sender_phone": sender_phone,
                "message": message,
                "recipient": recipient,
            },
            reply_to=sender_email,
            purpose="contact_relay",
        )
