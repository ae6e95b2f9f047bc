<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AppController</name>
    <message>
        <source>No PBX is configured yet, so screenpop is showing calls from its built-in demo PBX. Open Settings to connect your MyPBX.</source>
        <translation>Noch keine Telefonanlage eingerichtet: screenpop zeigt Anrufe der eingebauten Demo-Anlage. Öffnen Sie die Einstellungen, um Ihre MyPBX zu verbinden.</translation>
    </message>
    <message>
        <source>No system keyring was found, so the secret is asked at each start and never saved.</source>
        <translation>Kein Schlüsselbund des Systems gefunden: das Passwort wird bei jedem Start abgefragt und nie gespeichert.</translation>
    </message>
    <message>
        <source>The AMI secret was not found in the system keyring.</source>
        <translation>Das AMI-Passwort wurde im Schlüsselbund nicht gefunden.</translation>
    </message>
    <message>
        <source>screenpop — AMI secret</source>
        <translation>screenpop — AMI-Passwort</translation>
    </message>
    <message>
        <source>AMI secret for {0}@{1}:</source>
        <translation>AMI-Passwort für {0}@{1}:</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>Kollegen</translation>
    </message>
    <message>
        <source>calls come from the built-in MyPBX simulator</source>
        <translation>Anrufe kommen vom eingebauten MyPBX-Simulator</translation>
    </message>
    <message>
        <source>unknown caller</source>
        <translation>unbekannter Anrufer</translation>
    </message>
    <message>
        <source>{who} on {extension}</source>
        <translation>{who} an {extension}</translation>
    </message>
    <message>
        <source>That call is gone.</source>
        <translation>Dieser Anruf ist beendet.</translation>
    </message>
    <message>
        <source>Picking up the call at {who}…</source>
        <translation>Anruf bei {who} wird übernommen…</translation>
    </message>
    <message>
        <source>Your phone {mine} rings with the call from {who}.</source>
        <translation>Ihr Telefon {mine} klingelt mit dem Anruf von {who}.</translation>
    </message>
    <message>
        <source>Call parked</source>
        <translation>Anruf geparkt</translation>
    </message>
    <message>
        <source>Dial {slot} to take it back.</source>
        <translation>Wählen Sie {slot}, um ihn zurückzuholen.</translation>
    </message>
    <message>
        <source>Pick up failed: {reason}</source>
        <translation>Übernehmen fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>Pick up failed</source>
        <translation>Übernehmen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <source>could not write the settings file ({0})</source>
        <translation>Die Einstellungsdatei konnte nicht geschrieben werden ({0})</translation>
    </message>
    <message>
        <source>Your phone is ringing</source>
        <translation>Ihr Telefon klingelt</translation>
    </message>
    <message>
        <source>Pick it up to call {number}.</source>
        <translation>Heben Sie ab, um {number} anzurufen.</translation>
    </message>
    <message>
        <source>Call to {number} failed</source>
        <translation>Anruf an {number} fehlgeschlagen</translation>
    </message>
    <message>
        <source>Secret kept for this session only</source>
        <translation>Passwort nur für diese Sitzung behalten</translation>
    </message>
</context>
<context>
    <name>CallPopup</name>
    <message>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <source>Dismiss (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>Weiterleiten an</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Weiterleiten</translation>
    </message>
    <message>
        <source>Transfer to the typed number (Enter)</source>
        <translation>An die eingegebene Nummer weiterleiten (Enter)</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Open in CRM</source>
        <translation>Im CRM öffnen</translation>
    </message>
    <message>
        <source>Ringing on {0}</source>
        <translation>Klingelt bei {0}</translation>
    </message>
    <message>
        <source>Line: {0}</source>
        <translation>Leitung: {0}</translation>
    </message>
    <message>
        <source>Call from {0}</source>
        <translation>Anruf von {0}</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>Kopiert ✓</translation>
    </message>
    <message>
        <source>Answered by {0}</source>
        <translation>Angenommen von {0}</translation>
    </message>
    <message>
        <source>Answered elsewhere</source>
        <translation>Anderswo angenommen</translation>
    </message>
    <message>
        <source>Was ringing on {0}</source>
        <translation>Klingelte bei {0}</translation>
    </message>
    <message>
        <source>On call at {0}</source>
        <translation>Im Gespräch an {0}</translation>
    </message>
    <message>
        <source>Answered here: Transfer moves the caller</source>
        <translation>Hier angenommen: Weiterleiten verbindet den Anrufer weiter</translation>
    </message>
    <message>
        <source>Transferring to {0}…</source>
        <translation>Wird an {0} weitergeleitet…</translation>
    </message>
    <message>
        <source>the PBX gave no reason</source>
        <translation>die Telefonanlage nannte keinen Grund</translation>
    </message>
    <message>
        <source>contacts file</source>
        <translation>Kontaktdatei</translation>
    </message>
    <message>
        <source>call history</source>
        <translation>Anrufliste</translation>
    </message>
    <message>
        <source>Colleague, extension or number</source>
        <translation>Kollege, Nebenstelle oder Nummer</translation>
    </message>
    <message>
        <source>No contact: {sources} did not answer within 1.5 s</source>
        <translation>Kein Kontakt: {sources} hat nicht innerhalb von 1,5 s geantwortet</translation>
    </message>
    <message>
        <source>Missed earlier today</source>
        <translation>Heute schon verpasst</translation>
    </message>
    <message>
        <source>Missed {n} times today</source>
        <translation>Heute {n}-mal verpasst</translation>
    </message>
    <message>
        <source>from {source}</source>
        <translation>aus {source}</translation>
    </message>
    <message>
        <source>{who} is {state}.</source>
        <translation>{who}: {state}.</translation>
    </message>
    <message>
        <source>Transfer anyway</source>
        <translation>Trotzdem weiterleiten</translation>
    </message>
    <message>
        <source>To voicemail</source>
        <translation>Zur Mailbox</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Calling {who} first…</source>
        <translation>{who} wird zuerst angerufen…</translation>
    </message>
    <message>
        <source>Sending to the voicemail of {who}…</source>
        <translation>Wird an die Mailbox von {who} gesendet…</translation>
    </message>
    <message>
        <source>Parked on {slot}: dial {slot} to take the call back</source>
        <translation>Geparkt auf {slot}: {slot} wählen, um zurückzuholen</translation>
    </message>
    <message>
        <source>Calling {who} from your phone; the caller waits on {slot}</source>
        <translation>{who} wird von Ihrem Telefon angerufen; der Anrufer wartet auf {slot}</translation>
    </message>
    <message>
        <source>Transferred to {who}</source>
        <translation>An {who} weitergeleitet</translation>
    </message>
    <message>
        <source>Back with the caller</source>
        <translation>Wieder mit dem Anrufer verbunden</translation>
    </message>
    <message>
        <source>Your phone rings with the caller</source>
        <translation>Ihr Telefon klingelt mit dem Anrufer</translation>
    </message>
    <message>
        <source>Calling {who}: hang up to hand the caller over</source>
        <translation>{who} wird angerufen: auflegen übergibt den Anrufer</translation>
    </message>
    <message>
        <source>Sent to the voicemail of {who}</source>
        <translation>An die Mailbox von {who} gesendet</translation>
    </message>
    <message>
        <source>Hung up</source>
        <translation>Aufgelegt</translation>
    </message>
    <message>
        <source>Announced transfer failed</source>
        <translation>Angekündigte Weiterleitung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Park failed</source>
        <translation>Parken fehlgeschlagen</translation>
    </message>
    <message>
        <source>Transfer failed</source>
        <translation>Weiterleitung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Back to caller failed</source>
        <translation>Zurück zum Anrufer fehlgeschlagen</translation>
    </message>
    <message>
        <source>Take back failed</source>
        <translation>Zurückholen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Voicemail failed</source>
        <translation>Mailbox fehlgeschlagen</translation>
    </message>
    <message>
        <source>Hang up failed</source>
        <translation>Auflegen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Transfer failed: {0}</source>
        <translation>Weiterleiten fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>Hanging up…</source>
        <translation>Wird aufgelegt…</translation>
    </message>
    <message>
        <source>Parking…</source>
        <translation>Wird geparkt…</translation>
    </message>
    <message>
        <source>Taking the call back from {slot}…</source>
        <translation>Anruf wird von {slot} zurückgeholt…</translation>
    </message>
    <message>
        <source>Handing the caller to {who}…</source>
        <translation>Anrufer wird an {who} übergeben…</translation>
    </message>
    <message>
        <source>Back to the caller…</source>
        <translation>Zurück zum Anrufer…</translation>
    </message>
    <message>
        <source>Type or pick the colleague first.</source>
        <translation>Bitte zuerst einen Kollegen eingeben oder wählen.</translation>
    </message>
    <message>
        <source>Hang up on this caller?</source>
        <translation>Diesen Anrufer auflegen?</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>no reply from the PBX yet; you can try again</source>
        <translation>noch keine Antwort der Telefonanlage; Sie können es erneut versuchen</translation>
    </message>
    <message>
        <source>on call {0}</source>
        <translation>im Gespräch {0}</translation>
    </message>
    <message>
        <source>ringing {0}</source>
        <translation>klingelt {0}</translation>
    </message>
    <message>
        <source>Transfer to {target}</source>
        <translation>Weiterleiten an {target}</translation>
    </message>
    <message>
        <source>Transfer to {who}: {state}</source>
        <translation>Weiterleiten an {who}: {state}</translation>
    </message>
    <message>
        <source>Transfer to {who}, {state}</source>
        <translation>Weiterleiten an {who}, {state}</translation>
    </message>
    <message>
        <source>Announce first</source>
        <translation>Erst ankündigen</translation>
    </message>
    <message>
        <source>On: a transfer first calls the colleague from your phone while the caller waits on hold; hang up to complete it</source>
        <translation>An: Eine Weiterleitung ruft zuerst den Kollegen von Ihrem Telefon an, während der Anrufer wartet; auflegen schließt sie ab</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>Parken</translation>
    </message>
    <message>
        <source>Park the caller; the popup shows the slot to pick up from</source>
        <translation>Anrufer parken; das Fenster zeigt den Platz zum Zurückholen</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>Mailbox</translation>
    </message>
    <message>
        <source>Send the caller to the typed colleague's voicemail</source>
        <translation>Anrufer an die Mailbox des eingegebenen Kollegen senden</translation>
    </message>
    <message>
        <source>End this call (asks first)</source>
        <translation>Diesen Anruf beenden (fragt zuerst)</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Weiterleitung abschließen</translation>
    </message>
    <message>
        <source>Hand the waiting caller to the colleague you are talking to</source>
        <translation>Den wartenden Anrufer an den Kollegen übergeben, mit dem Sie sprechen</translation>
    </message>
    <message>
        <source>Back to caller</source>
        <translation>Zurück zum Anrufer</translation>
    </message>
    <message>
        <source>End the consultation and talk to the waiting caller again</source>
        <translation>Rückfrage beenden und wieder mit dem wartenden Anrufer sprechen</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>Zurückholen</translation>
    </message>
    <message>
        <source>Un-park: your phone rings with the parked caller</source>
        <translation>Aus dem Parken holen: Ihr Telefon klingelt mit dem geparkten Anrufer</translation>
    </message>
</context>
<context>
    <name>CallerContext</name>
    <message>
        <source>New caller</source>
        <translation>Neuer Anrufer</translation>
    </message>
    <message>
        <source>Called once today, last answered by {ext}</source>
        <translation>Heute einmal angerufen, zuletzt angenommen von {ext}</translation>
    </message>
    <message>
        <source>Called {n} times today, last answered by {ext}</source>
        <translation>Heute {n}-mal angerufen, zuletzt angenommen von {ext}</translation>
    </message>
    <message>
        <source>Called once today, last time missed</source>
        <translation>Heute einmal angerufen, zuletzt verpasst</translation>
    </message>
    <message>
        <source>Called {n} times today, last time missed</source>
        <translation>Heute {n}-mal angerufen, zuletzt verpasst</translation>
    </message>
    <message>
        <source>Called once today</source>
        <translation>Heute einmal angerufen</translation>
    </message>
    <message>
        <source>Called {n} times today</source>
        <translation>Heute {n}-mal angerufen</translation>
    </message>
    <message>
        <source>Last called yesterday</source>
        <translation>Zuletzt angerufen: gestern</translation>
    </message>
    <message>
        <source>Last called {n} days ago</source>
        <translation>Zuletzt angerufen vor {n} Tagen</translation>
    </message>
    <message>
        <source>Last called on {date}</source>
        <translation>Zuletzt angerufen am {date}</translation>
    </message>
</context>
<context>
    <name>ColleagueModel</name>
    <message>
        <source>free</source>
        <translation>frei</translation>
    </message>
    <message>
        <source>ringing</source>
        <translation>klingelt</translation>
    </message>
    <message>
        <source>on a call</source>
        <translation>im Gespräch</translation>
    </message>
    <message>
        <source>do not disturb</source>
        <translation>nicht stören</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>state unknown</source>
        <translation>Status unbekannt</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>gehalten</translation>
    </message>
    <message>
        <source>{state} with {whom}</source>
        <translation>{state} mit {whom}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ColleaguesWindow</name>
    <message>
        <source>Colleagues — screenpop</source>
        <translation>Kollegen — screenpop</translation>
    </message>
    <message>
        <source>Filter by name or number</source>
        <translation>Nach Name oder Nummer filtern</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <source>Call this colleague from your phone</source>
        <translation>Diesen Kollegen von Ihrem Telefon anrufen</translation>
    </message>
    <message>
        <source>Transfer call here</source>
        <translation>Anruf hierher weiterleiten</translation>
    </message>
    <message>
        <source>Pick up</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Take the call ringing at this colleague's phone on yours</source>
        <translation>Den Anruf, der bei diesem Kollegen klingelt, auf Ihrem Telefon annehmen</translation>
    </message>
    <message>
        <source>Click a colleague to transfer the call from {call}.</source>
        <translation>Kollegen anklicken, um den Anruf von {call} weiterzuleiten.</translation>
    </message>
    <message>
        <source>no directory yet</source>
        <translation>noch kein Verzeichnis</translation>
    </message>
    <message>
        <source>{n} colleagues</source>
        <translation>{n} Kollegen</translation>
    </message>
    <message>
        <source>{shown} of {n}</source>
        <translation>{shown} von {n}</translation>
    </message>
    <message>
        <source>{who} is {state}.</source>
        <translation>{who}: {state}.</translation>
    </message>
    <message>
        <source>Transfer anyway</source>
        <translation>Trotzdem weiterleiten</translation>
    </message>
    <message>
        <source>To voicemail</source>
        <translation>Zur Mailbox</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>Who is calling, from the office's contacts. Sources are asked in this order; a slow one never delays the popup.</source>
        <translation>Wer anruft, aus den Kontakten des Büros. Die Quellen werden in dieser Reihenfolge gefragt; eine langsame verzögert das Fenster nie.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>contacts.csv, ldap://host/ou=people,dc=example,dc=com, https://crm/?n={e164}</source>
        <translation>contacts.csv, ldap://host/ou=people,dc=example,dc=com, https://crm/?n={e164}</translation>
    </message>
    <message>
        <source>password or token, kept in the keyring</source>
        <translation>Passwort oder Token, im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>Password / token</source>
        <translation>Passwort / Token</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Ändern</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>Spalten…</translation>
    </message>
    <message>
        <source>Which column of the CSV file holds what</source>
        <translation>Welche Spalte der CSV-Datei was enthält</translation>
    </message>
    <message>
        <source>Two letters, e.g. CN or DE; empty = from the system ({system})</source>
        <translation>Zwei Buchstaben, z. B. CN oder DE; leer = vom System ({system})</translation>
    </message>
    <message>
        <source>Home region</source>
        <translation>Heimatregion</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>The digit the PBX puts before outside numbers</source>
        <translation>Die Ziffer, die die TK-Anlage vor externe Nummern setzt</translation>
    </message>
    <message>
        <source>Outside-line prefix</source>
        <translation>Amtsholung</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>noch nicht gelesen</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
</context>
<context>
    <name>CsvColumnsDialog</name>
    <message>
        <source>Columns of {file}</source>
        <translation>Spalten von {file}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Zweiter Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Web page</source>
        <translation>Webseite</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>{file} wird gelesen…</translation>
    </message>
    <message>
        <source>Phone numbers (tick every column that holds one)</source>
        <translation>Telefonnummern (jede Spalte ankreuzen, die eine enthält)</translation>
    </message>
    <message>
        <source>The first rows of {file}. Choose the column of each field; the choices start from what the header suggests.</source>
        <translation>Die ersten Zeilen von {file}. Wählen Sie für jedes Feld die Spalte; vorbelegt ist, was die Kopfzeile nahelegt.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Tick at least one column that holds phone numbers.</source>
        <translation>Kreuzen Sie mindestens eine Spalte mit Telefonnummern an.</translation>
    </message>
    <message>
        <source>Choose the column of the name or of the company.</source>
        <translation>Wählen Sie die Spalte mit dem Namen oder der Firma.</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>Start at login not changed</source>
        <translation>Start bei der Anmeldung nicht geändert</translation>
    </message>
    <message>
        <source>Some shortcuts are taken</source>
        <translation>Einige Tastenkürzel sind belegt</translation>
    </message>
    <message>
        <source>Another program already uses: {0}</source>
        <translation>Ein anderes Programm verwendet bereits: {0}</translation>
    </message>
    <message>
        <source>Phone link refused</source>
        <translation>Telefon-Link abgelehnt</translation>
    </message>
    <message>
        <source>Cannot dial the link</source>
        <translation>Der Link kann nicht gewählt werden</translation>
    </message>
    <message>
        <source>Set your own extension in Settings (Extensions) to dial links.</source>
        <translation>Tragen Sie Ihre eigene Durchwahl in den Einstellungen (Durchwahlen) ein, um Links zu wählen.</translation>
    </message>
    <message>
        <source>Call from a link — screenpop</source>
        <translation>Anruf über einen Link — screenpop</translation>
    </message>
    <message>
        <source>Call {number}?
Your phone ({extension}) rings first.</source>
        <translation>{number} anrufen?
Ihr Telefon ({extension}) klingelt zuerst.</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <source>Do not ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
</context>
<context>
    <name>DesktopSettings</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>A new language shows in full after a restart.</source>
        <translation>Eine neue Sprache erscheint nach einem Neustart vollständig.</translation>
    </message>
    <message>
        <source>Start screenpop when I log in</source>
        <translation>screenpop bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>Ask before dialling a clicked phone link</source>
        <translation>Vor dem Wählen eines angeklickten Telefon-Links fragen</translation>
    </message>
    <message>
        <source>Keyboard shortcuts for the newest popup</source>
        <translation>Tastenkürzel für das neueste Popup</translation>
    </message>
    <message>
        <source>{keys} + 1…9 transfer, + Esc dismiss</source>
        <translation>{keys} + 1…9 weiterleiten, + Esc schließen</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Shortcut keys:</source>
        <translation>Tastenkürzel:</translation>
    </message>
</context>
<context>
    <name>DialDialog</name>
    <message>
        <source>Dial a number — screenpop</source>
        <translation>Nummer wählen — screenpop</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Zu wählende Nummer</translation>
    </message>
    <message>
        <source>e.g. 306 or +86 138 0013 8000</source>
        <translation>z. B. 306 oder +49 30 1234 5678</translation>
    </message>
    <message>
        <source>Your phone ({0}) rings first; pick it up to connect.</source>
        <translation>Ihr Telefon ({0}) klingelt zuerst; heben Sie ab, um zu verbinden.</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Wählen</translation>
    </message>
</context>
<context>
    <name>Hotkeys</name>
    <message>
        <source>Wayland does not let applications take global shortcuts; use an X11 session for them.</source>
        <translation>Wayland erlaubt Anwendungen keine globalen Tastenkürzel; nutzen Sie dafür eine X11-Sitzung.</translation>
    </message>
    <message>
        <source>On a Mac, Ctrl is the Control key, Alt is Option and Meta is Command.</source>
        <translation>Auf einem Mac ist Ctrl die Control-Taste, Alt die Wahltaste (Option) und Meta die Befehlstaste.</translation>
    </message>
</context>
<context>
    <name>MoreCallsNote</name>
    <message>
        <source>More calls are ringing than fit on the screen; they pop up as the ones shown close. Click to see them in Recent calls.</source>
        <translation>Es klingeln mehr Anrufe, als auf den Bildschirm passen; sie erscheinen, sobald angezeigte Anrufe schließen. Klicken, um sie unter Letzte Anrufe zu sehen.</translation>
    </message>
    <message>
        <source>More calls ringing</source>
        <translation>Weitere Anrufe klingeln</translation>
    </message>
    <message>
        <source>+1 more call ringing</source>
        <translation>+1 weiterer Anruf klingelt</translation>
    </message>
    <message>
        <source>+{0} more calls ringing</source>
        <translation>+{0} weitere Anrufe klingeln</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>connection to {address} was refused; enable AMI in MyPBX: System &gt; Preferences &gt; AMI settings, and allow this PC's IP</source>
        <translation>Verbindung zu {address} wurde abgelehnt; AMI in MyPBX aktivieren: System &gt; Einstellungen &gt; AMI-Einstellungen, und die IP dieses PCs zulassen</translation>
    </message>
    <message>
        <source>connection to {address} was refused ({detail}); enable AMI in MyPBX: System &gt; Preferences &gt; AMI settings, and allow this PC's IP</source>
        <translation>Verbindung zu {address} wurde abgelehnt ({detail}); AMI in MyPBX aktivieren: System &gt; Einstellungen &gt; AMI-Einstellungen, und die IP dieses PCs zulassen</translation>
    </message>
    <message>
        <source>no answer from {address} within {seconds} s; check the PBX address and that this PC can reach it; enable AMI in MyPBX: System &gt; Preferences &gt; AMI settings, and allow this PC's IP</source>
        <translation>Keine Antwort von {address} innerhalb von {seconds} s; PBX-Adresse prüfen und ob dieser PC sie erreicht; AMI in MyPBX aktivieren: System &gt; Einstellungen &gt; AMI-Einstellungen, und die IP dieses PCs zulassen</translation>
    </message>
    <message>
        <source>the PBX refused the login for AMI user '{user}' ({detail}); check the username and secret in MyPBX's AMI settings</source>
        <translation>Die PBX hat die Anmeldung des AMI-Benutzers „{user}“ abgelehnt ({detail}); Benutzername und Kennwort in den AMI-Einstellungen der MyPBX prüfen</translation>
    </message>
    <message>
        <source>{action} failed: {message}</source>
        <translation>{action} fehlgeschlagen: {message}</translation>
    </message>
    <message>
        <source>the PBX did not answer {action} within {seconds} s</source>
        <translation>Die PBX hat {action} nicht innerhalb von {seconds} s beantwortet</translation>
    </message>
    <message>
        <source>the PBX gave no reason</source>
        <translation>Die PBX hat keinen Grund genannt</translation>
    </message>
    <message>
        <source>{address} did not greet as an AMI server</source>
        <translation>{address} hat sich nicht als AMI-Server gemeldet</translation>
    </message>
    <message>
        <source>the PBX's TLS certificate was not accepted ({detail}); install its CA certificate, or pin its fingerprint in the settings</source>
        <translation>Das TLS-Zertifikat der PBX wurde nicht akzeptiert ({detail}); ihr CA-Zertifikat installieren oder den Fingerabdruck in den Einstellungen festlegen</translation>
    </message>
    <message>
        <source>TLS handshake with {address} failed ({detail})</source>
        <translation>TLS-Handshake mit {address} fehlgeschlagen ({detail})</translation>
    </message>
    <message>
        <source>the PBX's TLS certificate does not match the pinned fingerprint; if the certificate was replaced on purpose, update the fingerprint in the settings</source>
        <translation>Das TLS-Zertifikat der PBX passt nicht zum festgelegten Fingerabdruck; wurde es absichtlich ersetzt, den Fingerabdruck in den Einstellungen aktualisieren</translation>
    </message>
    <message>
        <source>Connected: {banner}</source>
        <translation>Verbunden: {banner}</translation>
    </message>
    <message>
        <source>the PBX closed the connection before greeting</source>
        <translation>Die PBX hat die Verbindung vor der Begrüßung geschlossen</translation>
    </message>
    <message>
        <source>the PBX closed the connection during login without answering it</source>
        <translation>Die PBX hat die Verbindung während der Anmeldung ohne Antwort geschlossen</translation>
    </message>
    <message>
        <source>the connection to the PBX dropped before it answered; the action was not repeated</source>
        <translation>Die Verbindung zur PBX brach vor ihrer Antwort ab; die Aktion wurde nicht wiederholt</translation>
    </message>
    <message>
        <source>the PBX closed the connection</source>
        <translation>Die PBX hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the connection to the PBX was lost ({detail})</source>
        <translation>Die Verbindung zur PBX ging verloren ({detail})</translation>
    </message>
    <message>
        <source>not connected to the PBX</source>
        <translation>Nicht mit der PBX verbunden</translation>
    </message>
    <message>
        <source>the PBX stopped answering (no Ping reply)</source>
        <translation>Die PBX antwortet nicht mehr (keine Ping-Antwort)</translation>
    </message>
    <message>
        <source>{action} not sent: not connected to the PBX right now</source>
        <translation>{action} nicht gesendet: gerade nicht mit der PBX verbunden</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>Die Verbindung wurde geschlossen</translation>
    </message>
    <message>
        <source>the phone could not be reached</source>
        <translation>Das Telefon war nicht erreichbar</translation>
    </message>
    <message>
        <source>the call was hung up</source>
        <translation>Der Anruf wurde aufgelegt</translation>
    </message>
    <message>
        <source>the phone rang but nobody answered</source>
        <translation>Das Telefon klingelte, aber niemand nahm ab</translation>
    </message>
    <message>
        <source>the line is busy</source>
        <translation>Die Leitung ist besetzt</translation>
    </message>
    <message>
        <source>the network is congested</source>
        <translation>Das Netz ist überlastet</translation>
    </message>
    <message>
        <source>the PBX reported reason {code}</source>
        <translation>Die PBX meldete Grund {code}</translation>
    </message>
    <message>
        <source>The call history file could not be used and could not be set aside; calls are kept only until the app closes.</source>
        <translation>Die Anrufliste konnte weder benutzt noch beiseitegelegt werden; Anrufe bleiben nur bis zum Beenden der App erhalten.</translation>
    </message>
    <message>
        <source>The call history file was damaged; it was kept as {name} and a new one was started.</source>
        <translation>Die Anrufliste war beschädigt; sie wurde als {name} aufbewahrt und eine neue begonnen.</translation>
    </message>
    <message>
        <source>The call history could not be saved ({detail}); calls are kept only until the app closes.</source>
        <translation>Die Anrufliste konnte nicht gespeichert werden ({detail}); Anrufe bleiben nur bis zum Beenden der App erhalten.</translation>
    </message>
    <message>
        <source>The settings file could not be read ({detail}); using default settings.</source>
        <translation>Die Einstellungsdatei konnte nicht gelesen werden ({detail}); es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>The settings file was damaged; it was kept as {name} and default settings are used.</source>
        <translation>Die Einstellungsdatei war beschädigt; sie wurde als {name} aufbewahrt, es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>The settings file has no version; it was kept as {name} and default settings are used.</source>
        <translation>Die Einstellungsdatei hat keine Version; sie wurde als {name} aufbewahrt, es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>The settings file is from a newer version of screenpop; it was kept as {name} and default settings are used.</source>
        <translation>Die Einstellungsdatei stammt von einer neueren screenpop-Version; sie wurde als {name} aufbewahrt, es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>The settings file is from an older version of screenpop; it was kept as {name} and default settings are used.</source>
        <translation>Die Einstellungsdatei stammt von einer älteren screenpop-Version; sie wurde als {name} aufbewahrt, es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>Some settings were invalid and were reset: {names}.</source>
        <translation>Einige Einstellungen waren ungültig und wurden zurückgesetzt: {names}.</translation>
    </message>
</context>
<context>
    <name>RecentCallsWindow</name>
    <message>
        <source>Recent calls — screenpop</source>
        <translation>Letzte Anrufe — screenpop</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Letzte Anrufe</translation>
    </message>
    <message>
        <source>Missed only</source>
        <translation>Nur verpasste</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Als erledigt markieren</translation>
    </message>
    <message>
        <source>Mark the selected missed call as dealt with</source>
        <translation>Den ausgewählten verpassten Anruf als erledigt markieren</translation>
    </message>
    <message>
        <source>Search number, name or company</source>
        <translation>Nummer, Name oder Firma suchen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings — screenpop</source>
        <extracomment>source text, password or token typed in the Contacts tab (emitted on save)</extracomment>
        <translation>Einstellungen — screenpop</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10 or pbx.office.lan</source>
        <translation>z. B. 192.168.1.10 oder pbx.buero.lan</translation>
    </message>
    <message>
        <source>the AMI user from the PBX's AMI settings</source>
        <translation>der AMI-Benutzer aus den AMI-Einstellungen der Anlage</translation>
    </message>
    <message>
        <source>stored in the system keyring</source>
        <translation>im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>asked at each start</source>
        <translation>bei jedem Start abgefragt</translation>
    </message>
    <message>
        <source>the AMI secret</source>
        <translation>das AMI-Passwort</translation>
    </message>
    <message>
        <source>Use TLS (usually port 5039)</source>
        <translation>TLS verwenden (meist Port 5039)</translation>
    </message>
    <message>
        <source>optional: SHA-256 of a self-signed certificate</source>
        <translation>optional: SHA-256 eines selbstsignierten Zertifikats</translation>
    </message>
    <message>
        <source>No system keyring found: the secret will be asked at each start and is never written to disk.</source>
        <translation>Kein Schlüsselbund gefunden: das Passwort wird bei jedem Start abgefragt und nie auf die Festplatte geschrieben.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>PBX</source>
        <translation>Anlage</translation>
    </message>
    <message>
        <source>PBX address:</source>
        <translation>Adresse der Anlage:</translation>
    </message>
    <message>
        <source>AMI port:</source>
        <translation>AMI-Port:</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>Secret:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Zertifikat:</translation>
    </message>
    <message>
        <source>e.g. 601, 602</source>
        <translation>z. B. 601, 602</translation>
    </message>
    <message>
        <source>your own phone, for calling back</source>
        <translation>Ihr eigenes Telefon, für Rückrufe</translation>
    </message>
    <message>
        <source>one per line, e.g.
601 = DAHDI/5</source>
        <translation>eine pro Zeile, z. B.
601 = DAHDI/5</translation>
    </message>
    <message>
        <source>DLPN_DialPlan</source>
        <translation>DLPN_DialPlan</translation>
    </message>
    <message>
        <source>transfer targets shown first, e.g. 601, 605</source>
        <translation>zuerst gezeigte Weiterleitungsziele, z. B. 601, 605</translation>
    </message>
    <message>
        <source>Extensions</source>
        <translation>Durchwahlen</translation>
    </message>
    <message>
        <source>Watched extensions:</source>
        <translation>Überwachte Durchwahlen:</translation>
    </message>
    <message>
        <source>My extension:</source>
        <translation>Meine Durchwahl:</translation>
    </message>
    <message>
        <source>Favourite targets:</source>
        <translation>Bevorzugte Ziele:</translation>
    </message>
    <message>
        <source>Channel overrides:</source>
        <translation>Kanal-Zuordnungen:</translation>
    </message>
    <message>
        <source>Context prefix:</source>
        <translation>Kontext-Präfix:</translation>
    </message>
    <message>
        <source>one per line, e.g.
202 = Li Na 李娜
(names here win over the PBX's)</source>
        <translation>eine pro Zeile, z. B.
202 = Li Na 李娜
(Namen hier haben Vorrang vor denen der TK-Anlage)</translation>
    </message>
    <message>
        <source>Dialled in the colleague's context to reach their voicemail; {extension} is replaced by their number. MyPBX: *2{extension}.</source>
        <translation>Wird im Kontext des Kollegen gewählt, um seine Mailbox zu erreichen; {extension} wird durch seine Nummer ersetzt. MyPBX: *2{extension}.</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>Kollegen</translation>
    </message>
    <message>
        <source>Names:</source>
        <translation>Namen:</translation>
    </message>
    <message>
        <source>Voicemail target:</source>
        <translation>Mailbox-Ziel:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Stay while ringing</source>
        <translation>Offen, solange es klingelt</translation>
    </message>
    <message>
        <source>Play a sound when a call rings</source>
        <translation>Ton abspielen, wenn ein Anruf klingelt</translation>
    </message>
    <message>
        <source>Do not disturb (no popups)</source>
        <translation>Nicht stören (keine Popups)</translation>
    </message>
    <message>
        <source>optional: https://crm.example/search?phone={number}</source>
        <translation>optional: https://crm.example/search?phone={number}</translation>
    </message>
    <message>
        <source>Popup</source>
        <translation>Popup</translation>
    </message>
    <message>
        <source>Auto-close after:</source>
        <translation>Automatisch schließen nach:</translation>
    </message>
    <message>
        <source>CRM link:</source>
        <translation>CRM-Link:</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>1 problem to fix ({0}).</source>
        <translation>1 Problem zu beheben ({0}).</translation>
    </message>
    <message>
        <source>{1} problems to fix ({0}).</source>
        <translation>{1} Probleme zu beheben ({0}).</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Dial a number…</source>
        <translation>Nummer wählen…</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Letzte Anrufe</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>Kollegen</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Do not disturb is on</source>
        <translation>Nicht stören ist an</translation>
    </message>
    <message>
        <source>Contacts: {problem}</source>
        <translation>Kontakte: {problem}</translation>
    </message>
    <message>
        <source>1 missed call</source>
        <translation>1 verpasster Anruf</translation>
    </message>
    <message>
        <source>{0} missed calls</source>
        <translation>{0} verpasste Anrufe</translation>
    </message>
    <message>
        <source>No missed calls</source>
        <translation>Keine verpassten Anrufe</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>Enter the PBX address (host name or IP), or clear the username.</source>
        <translation>Geben Sie die Adresse der Anlage ein (Hostname oder IP) oder leeren Sie den Benutzernamen.</translation>
    </message>
    <message>
        <source>PBX address: only the host name or IP, e.g. 192.168.1.10 (no http://).</source>
        <translation>Adresse der Anlage: nur Hostname oder IP, z. B. 192.168.1.10 (ohne http://).</translation>
    </message>
    <message>
        <source>Enter the AMI username set up on the PBX.</source>
        <translation>Geben Sie den auf der Anlage eingerichteten AMI-Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Port must be between 1 and 65535 (AMI is usually 5038, TLS 5039).</source>
        <translation>Der Port muss zwischen 1 und 65535 liegen (AMI meist 5038, TLS 5039).</translation>
    </message>
    <message>
        <source>Fingerprint must be a SHA-256 in hex: 64 characters, colons ok.</source>
        <translation>Der Fingerabdruck muss ein SHA-256 in Hex sein: 64 Zeichen, Doppelpunkte erlaubt.</translation>
    </message>
    <message>
        <source>Extensions must be numbers, e.g. 601, 602 (not: {bad}).</source>
        <translation>Durchwahlen müssen Nummern sein, z. B. 601, 602 (nicht: {bad}).</translation>
    </message>
    <message>
        <source>Your extension must be a number, e.g. 601.</source>
        <translation>Ihre Durchwahl muss eine Nummer sein, z. B. 601.</translation>
    </message>
    <message>
        <source>Channel override: '{ext}' is not an extension number.</source>
        <translation>Kanal-Zuordnung: „{ext}“ ist keine Durchwahl.</translation>
    </message>
    <message>
        <source>Channel for {ext} must look like SIP/601, DAHDI/5 or IAX2/601.</source>
        <translation>Der Kanal für {ext} muss wie SIP/601, DAHDI/5 oder IAX2/601 aussehen.</translation>
    </message>
    <message>
        <source>Enter the dialplan context prefix (usually DLPN_DialPlan).</source>
        <translation>Geben Sie das Wählplan-Kontext-Präfix ein (meist DLPN_DialPlan).</translation>
    </message>
    <message>
        <source>Context prefix: letters, digits, _ and - only (no spaces).</source>
        <translation>Kontext-Präfix: nur Buchstaben, Ziffern, _ und - (keine Leerzeichen).</translation>
    </message>
    <message>
        <source>Transfer targets must be numbers (not: {bad}).</source>
        <translation>Weiterleitungsziele müssen Nummern sein (nicht: {bad}).</translation>
    </message>
    <message>
        <source>Colleague names: '{ext}' is not an extension number.</source>
        <translation>Kollegennamen: „{ext}“ ist keine Nebenstellennummer.</translation>
    </message>
    <message>
        <source>Enter the voicemail target, e.g. {example} (MyPBX).</source>
        <translation>Mailbox-Ziel eingeben, z. B. {example} (MyPBX).</translation>
    </message>
    <message>
        <source>Voicemail target: digits, * and # with {placeholder}, e.g. {example}.</source>
        <translation>Mailbox-Ziel: Ziffern, * und # mit {placeholder}, z. B. {example}.</translation>
    </message>
    <message>
        <source>Auto-close must be 0 (off) to 3600 seconds.</source>
        <translation>Automatisch schließen: 0 (aus) bis 3600 Sekunden.</translation>
    </message>
    <message>
        <source>Language must be one of {codes}, or empty (system).</source>
        <translation>Die Sprache muss eine von {codes} sein oder leer (System).</translation>
    </message>
    <message>
        <source>Shortcut keys must be one of: {keys}.</source>
        <translation>Tastenkürzel müssen eines davon sein: {keys}.</translation>
    </message>
    <message>
        <source>CRM link must start with http:// or https://, e.g. https://crm.example/?q={number}</source>
        <translation>Der CRM-Link muss mit http:// oder https:// beginnen, z. B. https://crm.example/?q={number}</translation>
    </message>
    <message>
        <source>CRM link has an unmatched { or }: use {number} for the caller's number.</source>
        <translation>Im CRM-Link steht ein einzelnes { oder }: verwenden Sie {number} für die Nummer des Anrufers.</translation>
    </message>
    <message>
        <source>CRM link must contain {number}, where the caller's number goes.</source>
        <translation>Der CRM-Link muss {number} enthalten, dort, wo die Nummer des Anrufers hingehört.</translation>
    </message>
    <message>
        <source>CRM link: only {number}, {e164}, {name}, {company} and {contact_url} can be filled in.</source>
        <translation>CRM-Link: nur {number}, {e164}, {name}, {company} und {contact_url} können eingesetzt werden.</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Durchwahl</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>Angenommen von</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Today {0}</source>
        <translation>Heute {0}</translation>
    </message>
    <message>
        <source>Yesterday {0}</source>
        <translation>Gestern {0}</translation>
    </message>
    <message>
        <source>d MMM</source>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation>d. MMM yyyy</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Missed · done</source>
        <translation>Verpasst · erledigt</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Verpasst</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Klingelt…</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Unbekannte Nummer</translation>
    </message>
    <message>
        <source>line {0}</source>
        <translation>Leitung {0}</translation>
    </message>
    <message>
        <source>answered elsewhere by {0}</source>
        <translation>anderswo angenommen von {0}</translation>
    </message>
</context>
<context>
    <name>popup</name>
    <message>
        <source>Type a number first.</source>
        <translation>Geben Sie zuerst eine Nummer ein.</translation>
    </message>
    <message>
        <source>A + may only come first.</source>
        <translation>Ein + darf nur am Anfang stehen.</translation>
    </message>
    <message>
        <source>Only digits, +, * and # can be dialled (not {0}).</source>
        <translation>Nur Ziffern, +, * und # können gewählt werden (nicht {0}).</translation>
    </message>
    <message>
        <source>That is too long for a phone number ({0} digits).</source>
        <translation>Das ist zu lang für eine Telefonnummer ({0} Ziffern).</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Unbekannte Nummer</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Line {0}: write each override as 601 = DAHDI/5.</source>
        <translation>Zeile {0}: schreiben Sie jede Zuordnung als 601 = DAHDI/5.</translation>
    </message>
    <message>
        <source>Line {0}: extension {1} is listed twice.</source>
        <translation>Zeile {0}: Durchwahl {1} steht zweimal da.</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <source>connected to {0}</source>
        <translation>verbunden mit {0}</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>connecting to {0}…</source>
        <translation>verbinde mit {0}…</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <source>reconnecting: {0}</source>
        <translation>neu verbinden: {0}</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>neu verbinden…</translation>
    </message>
    <message>
        <source>error: {0}</source>
        <translation>Fehler: {0}</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>demo mode: {0}</source>
        <translation>Demo-Modus: {0}</translation>
    </message>
    <message>
        <source>demo mode (built-in simulator)</source>
        <translation>Demo-Modus (eingebauter Simulator)</translation>
    </message>
</context>
</TS>