"""Access-table rows for the contact list: the page, vCards, external contacts and the team.

The contact list is open to the hub, the deputy and partner staff whose organisation holds the contacts
consent; volunteers are refused (403: their contact card is on the overview). The young person reads their
contacts on their own page (/me/<case>): the staff list does not exist for them (404).
The user vCard needs a user id, which the shared world's URL templates do not offer: its relation
table is in tests/contacts/test_vcard.py, built on the same world.
"""

from tests.policy.rows import HUB_ACTION, HUB_FORM, LOGIN, row

#                      anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
CONTACTS_READ = row(LOGIN, 404, 200, 200, 200, 403, 403, 403, 404, 404, 404, 404, 404)
HUB_PAGE = row(LOGIN, 404, 200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404)

ROWS = {
    "contacts.contact_list": ("GET", "/cases/{case}/contacts", CONTACTS_READ),
    "contacts.vcard": ("GET", "/cases/{case}/contacts/external/{contact}.vcf", CONTACTS_READ),
    "contacts.add_contact": ("POST", "/cases/{case}/contacts/external", HUB_FORM),
    "contacts.edit_contact": ("GET", "/cases/{case}/contacts/external/{contact}/edit", HUB_PAGE),
    "contacts.edit_contact#post": ("POST", "/cases/{case}/contacts/external/{contact}/edit", HUB_FORM),
    "contacts.remove_contact": ("POST", "/cases/{case}/contacts/external/{contact}/remove", HUB_ACTION),
    "contacts.add_team_member": ("POST", "/cases/{case}/contacts/team", HUB_FORM),
    "contacts.remove_team_member": ("POST", "/cases/{case}/contacts/team/{member}/remove", HUB_ACTION),
}
