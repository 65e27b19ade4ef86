"""Behaviour and communication: client sentiment over time, surveys (NPS), support tickets,
notifications and their preferences, dashboard widget preferences, client contact preferences
and chat messages (the Behavior & Preferences and Communication modules of seed 001).

Everything is dated inside the client relationship and the generated history: on or after
max(onboarding date, history start), on or before the as-of date (timestamps before its end).
Volumes scale linearly with the number of clients: about 250k rows in all at 1,000 clients and
10 years of history (each file's docstring gives its tables' volumes per client).

Every table is the shard's (about its clients): keys from ctx.ids / ctx.id_column. The market
mood they share is the firm's, a function of the FirmContext (market data, dates, the firm's
market_mood stream) that every shard recomputes; the clients' sensitivities to it are the shard's.

Files:
- _shared.py: the market mood's dataclasses (MarketMood, Mood) and the helpers several tables use;
- sentiment.py: the market mood (market_mood), the clients' part of it and client_sentiment;
- surveys.py: client_surveys;
- tickets.py: support_tickets;
- notification.py: notification_preferences and notifications;
- preferences.py: dashboard_preferences and client_preferences;
- chat.py: chat_messages.
"""

from __future__ import annotations

import polars as pl

from generator.context import Context
from generator.modules._common import client_window
from generator.modules.engagement.chat import chat_messages
from generator.modules.engagement.notification import notification_preferences, notifications
from generator.modules.engagement.preferences import client_preferences, dashboard_preferences
from generator.modules.engagement.sentiment import _mood, client_sentiment
from generator.modules.engagement.surveys import client_surveys
from generator.modules.engagement.tickets import support_tickets


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    window = client_window(ctx)
    sentiment_rng = ctx.stream("client_sentiment")
    mood = _mood(ctx, window, sentiment_rng)
    preferences = notification_preferences(ctx, window)
    return {
        "client_sentiment": client_sentiment(ctx, window, mood, sentiment_rng),
        "client_surveys": client_surveys(ctx, window, mood),
        "support_tickets": support_tickets(ctx, window, mood),
        "notification_preferences": preferences,
        "notifications": notifications(ctx, window, mood, preferences),
        "dashboard_preferences": dashboard_preferences(ctx, window),
        "client_preferences": client_preferences(ctx, window),
        "chat_messages": chat_messages(ctx, window, mood),
    }
