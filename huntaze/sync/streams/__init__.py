"""One module per synced stream; ``STREAMS`` maps a stream name to its coroutine."""

from huntaze.sync.models import Stream
from huntaze.sync.streams.chats import chats_stream
from huntaze.sync.streams.content import content_stream
from huntaze.sync.streams.earnings import earnings_stream
from huntaze.sync.streams.fans import fans_stream

STREAMS = {
    Stream.FANS: fans_stream,
    Stream.CHATS: chats_stream,
    Stream.CONTENT: content_stream,
    Stream.EARNINGS: earnings_stream,
}
