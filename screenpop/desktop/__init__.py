"""Desktop integration without Qt: bundled resources, autostart, tel:/callto:/sip: links, the
ring sound and global shortcuts. Each is a pure core plus the small platform reader beside it."""
