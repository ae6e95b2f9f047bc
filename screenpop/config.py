"""The user's settings as one immutable value. Persistence lives in settings_store.py."""

from __future__ import annotations

from dataclasses import dataclass, field

SETTINGS_VERSION = 1
# MyPBX's "Voicemail for Extension" feature code (UNVERIFIED on a real MyPBX; see
# docs/colleagues.md). service_colleagues uses the same default.
DEFAULT_VOICEMAIL = "*2{extension}"


@dataclass(frozen=True)
class Settings:
    # PBX connection. The secret is never part of this value: it lives in the OS keyring.
    host: str = ""
    port: int = 5038
    username: str = ""
    tls: bool = False
    tls_fingerprint: str = ""  # pinned SHA-256 of a self-signed PBX certificate, hex
    # Which extensions pop, and the user's own phone for dial-back.
    watch: tuple[str, ...] = ()
    my_extension: str = ""
    # Analog phones are dialled as DAHDI/<port>: extension -> channel, e.g. "601": "DAHDI/5".
    channel_overrides: dict[str, str] = field(default_factory=dict)
    context_prefix: str = "DLPN_DialPlan"
    favourites: tuple[str, ...] = ()
    # Popup behaviour.
    auto_close_seconds: int = 0  # 0 = stay until the call stops ringing here
    sound_on_ring: bool = False
    crm_url_template: str = ""  # e.g. https://crm.example/search?phone={number}
    do_not_disturb: bool = False
    # Desktop integration.
    language: str = ""  # "" follows the system; else a code from screenpop.i18n.LANGUAGES
    start_at_login: bool = False  # mirrors the OS login entry (the entry is the truth)
    confirm_dial_links: bool = True  # ask before dialling a tel:/callto:/sip: link
    global_shortcuts: bool = True  # <modifiers>+1..9 transfer to a favourite, +Esc dismisses
    shortcut_modifiers: str = "Ctrl+Alt"
    # Colleagues (issue 10): names typed by the user win over the PBX's caller IDs.
    colleague_names: dict[str, str] = field(default_factory=dict)
    # Where "To voicemail" sends a caller, in the colleague's dialplan; {extension} is replaced.
    voicemail_target: str = DEFAULT_VOICEMAIL
    # Contacts: sources in the syntax of screenpop.contacts.source_url, asked in this order.
    contact_sources: tuple[str, ...] = ()
    home_region: str = ""  # two letters (CN, DE); "" = from the system locale
    outside_prefix: str = ""  # the PBX's outside-line prefix (MyPBX: often 0 or 9)

    @property
    def configured(self) -> bool:
        """True once a PBX is set; otherwise the app runs the built-in simulator."""
        return bool(self.host and self.username)

    def channel_for(self, extension: str) -> str:
        """The channel that rings `extension` for click-to-dial (SIP unless overridden)."""
        return self.channel_overrides.get(extension) or f"SIP/{extension}"

    def context_for(self, extension: str) -> str:
        return f"{self.context_prefix}{extension}"

    def __hash__(self) -> int:
        return hash((self.host, self.port, self.username, self.watch))
