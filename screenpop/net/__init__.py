"""asyncio AMI client: connect, login, actions, keepalive, reconnect. No Qt."""
