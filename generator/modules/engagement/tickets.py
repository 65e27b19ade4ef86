"""support_tickets: about 2 a year per client, open for hours to days (a few still open on the
as-of date)."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules._common import poisson_events as _events
from generator.modules.engagement._shared import Mood, _advisor_at, _timestamps

TICKET_CATEGORIES = (
    "account_access",
    "statements",
    "transfers",
    "trading",
    "tax_documents",
    "fees",
    "technical",
    "general",
)
# how urgent a category tends to be (a latent shift of the priority)
CATEGORY_URGENCY = (0.6, -0.3, 0.6, 0.5, -0.2, -0.1, 0.1, -0.5)
CATEGORY_WEIGHTS = (0.14, 0.14, 0.16, 0.12, 0.1, 0.1, 0.12, 0.12)
TICKET_SUBJECTS = (
    "Cannot log in to the portal",
    "Password reset not working",
    "Two-factor code not received",
    "Statement missing",
    "Question about my quarterly statement",
    "Wrong address on my statement",
    "Transfer not received",
    "Wire transfer request",
    "Delay on my withdrawal",
    "Order not executed",
    "Question about a recent trade",
    "Why were these rebalancing trades made?",
    "Tax certificate missing",
    "Cost basis looks wrong",
    "Request for a realised gains report",
    "Unexpected fee on my account",
    "Question about my invoice",
    "Fee higher than agreed",
    "The app crashes when I open it",
    "Dashboard not loading",
    "Notification settings are not saved",
    "Change of address",
    "Update my beneficiary",
    "Request a meeting with my advisor",
)
TICKET_DESCRIPTIONS = (
    "I have tried to log in several times since this morning and keep getting an error.",
    "The reset link in the email has already expired when I open it.",
    "I changed my phone number and no longer receive the verification code.",
    "I cannot find last quarter's statement in the documents section.",
    "The closing balance on my statement does not match what I see online.",
    "My statement still shows my old address, please update it.",
    "I sent money from my bank account last week and it is not showing yet.",
    "I need to send funds to my notary before the end of the week, what do you need from me?",
    "I asked for a withdrawal several days ago and the money has not arrived.",
    "I placed an order yesterday and it still shows as pending.",
    "I see a sale in my account that I do not remember approving.",
    "Several positions were sold and bought back, can someone explain why?",
    "My accountant needs the annual tax certificate and I cannot find it.",
    "The purchase price shown for one of my funds is not what I paid.",
    "Please send me a report of the gains realised this year.",
    "There is a fee on my account this month that I do not understand.",
    "Could you explain how the advisory fee on my last invoice was calculated?",
    "The fee charged is higher than the rate in my agreement.",
    "Since the last update the app closes as soon as I open it.",
    "The performance chart on my dashboard stays blank.",
    "I switched off text messages but I keep receiving them.",
    "We have moved, please update my address on all accounts.",
    "I would like to add my daughter as a beneficiary.",
    "Could my advisor call me next week to review my plan?",
)
TICKET_CHANNELS = ("email", "phone", "portal", "chat", "in_person")
PRIORITIES = ("low", "medium", "high", "urgent")
PRIORITY_HOURS = (72.0, 30.0, 8.0, 3.0)  # median time to resolution


def support_tickets(ctx: Context, window: Window, mood: Mood) -> pl.DataFrame:
    rng = ctx.stream("support_tickets")
    row, day = _events(rng, window, 2.0)
    k = len(row)
    opened = _timestamps(day, rng.integers(7 * 3600, 22 * 3600, k))
    feeling = mood.expected(row, mood.month(day))
    category = rng.choice(len(TICKET_CATEGORIES), k, p=CATEGORY_WEIGHTS)
    urgency = np.array(CATEGORY_URGENCY)[category] + 0.8 * rng.standard_normal(k) - 0.5 * feeling
    priority = np.digitize(urgency, [-0.5, 0.6, 1.4])
    hours = np.array(PRIORITY_HOURS)[priority] * np.exp(0.9 * rng.standard_normal(k))
    hours = np.maximum(np.where(rng.random(k) < 0.04, hours * 6, hours), 0.25)
    closed = opened + (hours * 3600).astype(np.int64).astype("timedelta64[s]").astype("timedelta64[us]")
    end = window.end_of_as_of.astype("datetime64[us]")
    is_open = closed > end
    recent = (end - closed) < np.timedelta64(7, "D")
    status = np.where(
        is_open,
        np.where((end - opened > np.timedelta64(4, "h")) & (rng.random(k) < 0.7), 1, 0),
        np.where(recent | (rng.random(k) < 0.1), 2, 3),
    )
    rating = np.clip(
        np.rint(4.0 + 1.5 * feeling - 0.35 * np.log1p(hours / 24) + 0.8 * rng.standard_normal(k)), 1, 5
    ).astype(np.int64)
    rated = ~is_open & (rng.random(k) < 0.6)
    per_category = len(TICKET_SUBJECTS) // len(TICKET_CATEGORIES)
    variant = category * per_category + rng.integers(0, per_category, k)
    client_id = window.client_id[row]
    return pl.DataFrame(
        {
            "ticket_id": ctx.ids(k),
            "client_id": client_id,
            "advisor_id": _advisor_at(ctx, client_id, day),
            "opened_at": opened,
            "closed_at": np.where(is_open, np.datetime64("NaT"), closed).astype("datetime64[us]"),
            "channel": gather(TICKET_CHANNELS, rng.choice(len(TICKET_CHANNELS), k, p=[0.35, 0.3, 0.2, 0.1, 0.05])),
            "category": gather(TICKET_CATEGORIES, category),
            "priority": gather(PRIORITIES, priority),
            "status": gather(("open", "in_progress", "resolved", "closed"), status),
            "subject": gather(TICKET_SUBJECTS, variant),
            "description": gather(TICKET_DESCRIPTIONS, variant),
            "satisfaction_rating": pl.Series(rating).scatter(np.flatnonzero(~rated), None),
        }
    )
