from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .privacy import data_flows


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        template = "components/callout.html"
        label = _("callout")


class DataRegisterBlock(blocks.StaticBlock):
    """Every flow of personal data with its purpose, legal basis, readers and retention, drawn
    from code and settings (home.privacy) so the privacy statement always tells the truth."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["flows"] = data_flows()
        return context

    class Meta:
        icon = "list-ul"
        template = "components/data_register.html"
        label = _("what we process about people (from the settings)")
        admin_text = _("The list of every kind of personal data Samhold processes, with how long it is kept.")


class ContentBlocks(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", template="components/heading.html")
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    callout = CalloutBlock()
    data_register = DataRegisterBlock()
