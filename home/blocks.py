from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        template = "components/callout.html"
        label = _("callout")


class ContentBlocks(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", template="components/heading.html")
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    callout = CalloutBlock()
