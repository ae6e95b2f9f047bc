"""`screenpop monitor | dial | transfer`: the command line for integrators and scripts.

Exit codes (also in the README):
  0  done
  1  the PBX refused the action (its Message is printed)
  2  wrong command-line input
  3  the PBX could not be reached (refused, timed out, TLS)
  4  the login was refused
  5  the connection broke or the PBX spoke something that is not AMI
  70  an unexpected internal error (run with --verbose and report it)
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from screenpop.ami.errors import ActionEncodeError, AmiError, ProtocolError
from screenpop.calls.events import CallEvent
from screenpop.calls.serialize import event_to_dict
from screenpop.cli_contacts import add_contact_options, contact_lookup, contact_to_dict
from screenpop.colleagues import Colleagues, DirectoryLoaded
from screenpop.contacts.model import ContactFound
from screenpop.net.client import AmiClient, ConnectOptions
from screenpop.net.errors import (
    ActionFailed,
    ActionTimeout,
    AuthenticationFailed,
    ConnectFailed,
    ConnectionLost,
)
from screenpop.presence.state import StateChanged, state_to_dict
from screenpop.service import CallService, TransferRefused, clean_number

EXIT_OK, EXIT_ACTION, EXIT_USAGE, EXIT_CONNECT, EXIT_AUTH, EXIT_LINK = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70
SECRET_ENV = "SCREENPOP_SECRET"
COMMANDS = ("monitor", "dial", "transfer", "colleagues")


class UsageError(Exception):
    pass


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535")
    return port


def _extension(text: str) -> str:
    try:
        return clean_number(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    conn = common.add_argument_group(
        "connection (the secret comes from $SCREENPOP_SECRET or a prompt)"
    )
    conn.add_argument("--host", default=os.environ.get("SCREENPOP_HOST", "127.0.0.1"))
    conn.add_argument("--port", type=_port, default=None, help="5038, or 5039 with --tls")
    conn.add_argument("--username", default=os.environ.get("SCREENPOP_USERNAME", "admin"))
    conn.add_argument(
        "--tls", action="store_true", help="connect with TLS, checking the certificate"
    )
    conn.add_argument(
        "--tls-fingerprint", default="", help="pin a self-signed certificate (SHA-256 hex)"
    )
    conn.add_argument("--ca-file", default=None, help="CA certificate to trust for --tls")
    conn.add_argument("--timeout", type=float, default=5.0, help="connect timeout in seconds")
    conn.add_argument("--context-prefix", default="DLPN_DialPlan", help="dialplan context prefix")
    conn.add_argument("-v", "--verbose", action="store_true", help="debug log on stderr")

    parser = argparse.ArgumentParser(
        prog="screenpop",
        description="Screen-pop for Yeastar MyPBX / Asterisk. Without a command: the tray app.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    mon = sub.add_parser("monitor", parents=[common], help="print call events as JSON lines")
    mon.add_argument(
        "--extension",
        action="append",
        type=_extension,
        default=[],
        help="only this extension (repeat for more); default: all",
    )
    add_contact_options(mon)
    mon.add_argument(
        "--presence",
        action="store_true",
        help='also print {"type": "state", ...} lines: every colleague after each connect,'
        " then one per change",
    )
    sub.add_parser(
        "colleagues",
        parents=[common],
        help="print every extension with its name, channel and state as JSON lines",
    )
    dial = sub.add_parser(
        "dial",
        parents=[common],
        help="ring FROM, then connect it to TO; returns when FROM's phone rings",
    )
    dial.add_argument("from_extension", metavar="FROM", type=_extension)
    dial.add_argument("to", metavar="TO", type=_extension)
    dial.add_argument(
        "--channel", default=None, help="the phone's channel, e.g. DAHDI/5 for an analog phone"
    )
    dial.add_argument(
        "--wait",
        action="store_true",
        help="wait until FROM answers (exit 1 with the PBX's reason if nobody does)",
    )
    tr = sub.add_parser("transfer", parents=[common], help="redirect CHANNEL (the caller's) to TO")
    tr.add_argument("channel", metavar="CHANNEL", help="e.g. SIP/trunk-sps-test1-0000000a")
    tr.add_argument("to", metavar="TO", type=_extension)
    tr.add_argument("--context", default=None, help="dialplan context (default: <prefix><TO>)")
    return parser


def _options(args: argparse.Namespace, secret: str) -> ConnectOptions:
    if not args.host or any(c.isspace() for c in args.host):
        raise UsageError(f"'{args.host}' is not a host name or address")
    channel = getattr(args, "channel", None)
    if channel is not None and ("/" not in channel or any(c.isspace() for c in channel)):
        example = "SIP/474-0000000b" if args.command == "transfer" else "DAHDI/5"
        raise UsageError(f"'{channel}' is not a channel name (like {example})")
    return ConnectOptions(
        host=args.host,
        port=args.port or (5039 if args.tls else 5038),
        username=args.username,
        secret=secret,
        tls=args.tls or bool(args.tls_fingerprint),
        tls_fingerprint=args.tls_fingerprint,
        ca_file=args.ca_file,
        connect_timeout=args.timeout,
    )


def _secret() -> str:
    secret = os.environ.get(SECRET_ENV)
    if secret:
        return secret
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(f"no AMI secret: set {SECRET_ENV} or run in a terminal to be asked")
    return getpass.getpass("AMI secret: ")


def _print_json(obj: dict) -> None:  # type: ignore[type-arg]
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(f"screenpop: {text}\n")
    sys.stderr.flush()


async def _monitor(args: argparse.Namespace, options: ConnectOptions) -> int:
    outcome: dict[str, int] = {}
    stop = asyncio.Event()

    def on_event(event: CallEvent) -> None:
        _print_json(event_to_dict(event))

    def on_state(state: str, reason: str) -> None:
        _err(f"{state}{': ' + reason if reason else ''}")
        if state == "error":
            outcome["code"] = EXIT_AUTH
            stop.set()

    presence: dict = {}  # type: ignore[type-arg]
    if args.presence:

        def on_presence(changes: list[StateChanged]) -> None:
            if service.colleagues is None or not service.colleagues.loading:
                for change in changes:
                    _print_json(state_to_dict(change))

        def on_directory(_loaded: DirectoryLoaded) -> None:
            assert service.colleagues is not None
            for change in service.colleagues.book.all_changes():
                _print_json(state_to_dict(change))

        presence = {"on_presence": on_presence, "on_directory": on_directory, "on_note": _err}

    def on_contact(found: ContactFound) -> None:
        if found.contact is not None:
            _print_json(contact_to_dict(found))

    contacts = contact_lookup(args, _err)
    if contacts is not None:
        contacts.start()
        await contacts.wait_ready()
    service = CallService(
        options,
        on_call_event=on_event,
        on_state=on_state,
        watch=args.extension,
        context_prefix=args.context_prefix,
        **presence,
        contacts=contacts,
        on_contact=on_contact,
    )
    # Fail fast on the first connection so scripts see a wrong host or secret at once;
    # that connection is then the one kept (one login), and later drops reconnect forever.
    await service.connect()
    runner = asyncio.create_task(service.run())
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        await service.stop()
        if contacts is not None:
            await contacts.stop()
        for task in (runner, stopper):
            task.cancel()
        await asyncio.gather(runner, stopper, return_exceptions=True)
    return outcome.get("code", EXIT_OK)


async def _colleagues(args: argparse.Namespace, options: ConnectOptions) -> int:
    colleagues = Colleagues(
        on_changes=lambda changes: None, on_note=_err, context_prefix=args.context_prefix
    )
    client = await AmiClient.connect(options)
    try:
        loaded = await colleagues.load(client)
    finally:
        await client.close()
    for c in loaded.colleagues:
        state = colleagues.book.presence(c.extension).state
        _print_json(
            {"extension": c.extension, "name": c.name, "channel": c.channel, "state": str(state)}
        )
    return EXIT_OK


async def _dial(service: CallService, args: argparse.Namespace) -> None:
    attempt = await service.start_dial(args.from_extension, args.to, args.channel)
    try:
        if args.wait:
            event = await attempt.outcome()
            _print_json(
                {
                    "type": "dialled",
                    "from": args.from_extension,
                    "to": args.to,
                    "channel": event.get("Channel"),
                    "uniqueid": event.get("Uniqueid"),
                }
            )
            return
        channel = await attempt.rung()
        _print_json(
            {
                "type": "dialling",
                "extension": args.from_extension,
                "number": args.to,
                "channel": channel,
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            }
        )
    finally:
        attempt.close()


async def _one_shot(args: argparse.Namespace, options: ConnectOptions) -> int:
    service = CallService(options, on_call_event=lambda e: None, context_prefix=args.context_prefix)
    client = await service.connect()  # one connection, no reconnect for a one-shot command
    try:
        if args.command == "dial":
            await _dial(service, args)
        else:
            if args.context:
                from screenpop.ami import actions as A

                reply = await client.send_action(A.redirect(args.channel, args.context, args.to))
            else:
                reply = await service.redirect_channel(args.channel, args.to)
            _print_json(
                {
                    "type": "transferred",
                    "channel": args.channel,
                    "to": args.to,
                    "message": reply.get("Message"),
                }
            )
    finally:
        await service.stop()
    return EXIT_OK


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="screenpop: %(levelname)s %(name)s: %(message)s",
    )
    try:
        options = _options(args, "")
        options = ConnectOptions(**{**options.__dict__, "secret": _secret()})
        if args.command == "monitor":
            coro = _monitor(args, options)
        elif args.command == "colleagues":
            coro = _colleagues(args, options)
        else:
            coro = _one_shot(args, options)
        return asyncio.run(coro)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except TransferRefused as exc:
        _err(f"{exc}; name the context with --context (e.g. {args.context_prefix}201)")
        return EXIT_USAGE
    except ValueError as exc:  # a number or channel the encoder refused
        _err(str(exc))
        return EXIT_USAGE
    except AuthenticationFailed as exc:
        _err(str(exc))
        return EXIT_AUTH
    except ConnectFailed as exc:
        _err(str(exc))
        return EXIT_CONNECT
    except (ActionFailed, ActionTimeout) as exc:
        _err(str(exc))
        return EXIT_ACTION
    except (ConnectionLost, ProtocolError) as exc:
        _err(str(exc))
        return EXIT_LINK
    except ActionEncodeError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except AmiError as exc:
        _err(str(exc))
        return EXIT_LINK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout closed by a pipe reader (`| head`): not an error worth a traceback.
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line for the user, details with -v
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        _err(f"unexpected error: {exc} (run with --verbose for details)")
        return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv)
