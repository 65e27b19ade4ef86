"""chat_messages: about 2 conversations a year per client of 2 to 12 messages. A conversation's
id is a key of the shard's conversations (ctx.ids), so no two shards' conversations share one."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules._common import poisson_events as _events
from generator.modules.engagement._shared import HINTS, Mood, _advisor_at, _group_position, _timestamps

CHAT_TOPICS = (
    "my quarterly review",
    "a withdrawal",
    "my rebalancing",
    "my tax documents",
    "my retirement plan",
    "the fee invoice",
    "a new deposit",
    "the market volatility",
)
VOLATILITY_TOPIC = len(CHAT_TOPICS) - 1
# (sender, hint) -> four templates; {topic} is replaced by the conversation's topic
CHAT_TEMPLATES = (
    # client, negative
    "I am worried about {topic}, can we talk today?",
    "Still no answer on {topic}, this is frustrating.",
    "I am not happy with how {topic} is going.",
    "Why was I not told about {topic} earlier?",
    # client, neutral
    "Hi, I have a question about {topic}.",
    "Could you send me more details on {topic}?",
    "When is a good time to talk about {topic}?",
    "Just checking where we are with {topic}.",
    # client, positive
    "Thanks for the update on {topic}, that was really helpful.",
    "Great, I am happy with how {topic} was handled.",
    "Perfect, thank you for sorting out {topic} so quickly.",
    "Appreciate the quick answer about {topic}.",
    # advisor, negative
    "I am sorry about the trouble with {topic}, I am escalating it now.",
    "I understand your concern about {topic}; let me call you this afternoon.",
    "Apologies for the delay on {topic}, you will have an answer today.",
    "I hear you on {topic}, let us review it together.",
    # advisor, neutral
    "Thanks for reaching out about {topic}, I will look into it.",
    "I have attached the details on {topic}.",
    "Can we schedule a call this week to go over {topic}?",
    "Noted, I will get back to you about {topic} by tomorrow.",
    # advisor, positive
    "Glad to help, {topic} is all set.",
    "Good news on {topic}: everything went through.",
    "Thanks for your patience, {topic} is done.",
    "Happy to hear that, {topic} is on track.",
)
SENDERS = ("client", "advisor")


def chat_messages(ctx: Context, window: Window, mood: Mood) -> pl.DataFrame:
    rng = ctx.stream("chat_messages")
    conv_row, conv_day = _events(rng, window, 2.0)
    n_conv = len(conv_row)
    conv_start = _timestamps(conv_day, rng.integers(8 * 3600, 20 * 3600, n_conv))
    conv_month = mood.month(conv_day)
    stormy = (mood.shock[conv_month] > 1.0) & (rng.random(n_conv) < 0.5)
    topic = np.where(stormy, VOLATILITY_TOPIC, rng.integers(0, VOLATILITY_TOPIC, n_conv))
    tone = mood.expected(conv_row, conv_month) + 0.25 * rng.standard_normal(n_conv) - 0.2 * (topic == VOLATILITY_TOPIC)
    size = np.minimum(2 + rng.poisson(2.5, n_conv), 12)
    conv = np.repeat(np.arange(n_conv), size)
    k = len(conv)
    position = _group_position(conv)
    gap = np.clip(np.exp(np.log(12 * 60) + 1.2 * rng.standard_normal(k)), 60, 2 * 86_400).astype(np.int64)
    gap[position == 0] = 0
    conv_offset = np.cumsum(gap)[np.flatnonzero(position == 0)]  # the running total at each conversation's start
    elapsed = np.cumsum(gap) - conv_offset[conv]
    sent = conv_start[conv] + elapsed.astype("timedelta64[s]").astype("timedelta64[us]")
    first_sender = (rng.random(n_conv) < 0.2).astype(np.int64)  # 0 client, 1 advisor
    switch = (rng.random(k) < 0.75) & (position > 0)
    switches = np.cumsum(switch) - np.cumsum(switch)[np.flatnonzero(position == 0)][conv]
    sender = (first_sender[conv] + switches) % 2
    latent = tone[conv] + 0.2 * sender + 0.15 * rng.standard_normal(k)
    hint = np.digitize(latent, [-0.1, 0.35])
    per_kind = len(CHAT_TEMPLATES) // (len(SENDERS) * len(HINTS))
    template = gather(CHAT_TEMPLATES, (sender * len(HINTS) + hint) * per_kind + rng.integers(0, per_kind, k))
    keep = sent <= window.end_of_as_of.astype("datetime64[us]")
    row = conv_row[conv]
    client_id = window.client_id[row]
    day = sent.astype("datetime64[D]")
    frame = pl.DataFrame(
        {
            "client_id": client_id,
            "conversation_id": ctx.ids(n_conv)[conv],
            "sent_at": sent,
            "sender": gather(SENDERS, sender),
            "message_text": template.str.replace("{topic}", gather(CHAT_TOPICS, topic[conv]), literal=True),
            "sentiment_hint": gather(HINTS, hint),
            "day": day,
        }
    ).filter(pl.Series(keep))
    advisor = _advisor_at(ctx, frame.get_column("client_id").to_numpy(), frame.get_column("day").to_numpy())
    return frame.select(
        ctx.id_column("message_id"),
        "client_id",
        pl.Series("advisor_id", advisor),
        "conversation_id",
        "sent_at",
        "sender",
        "message_text",
        "sentiment_hint",
    )
