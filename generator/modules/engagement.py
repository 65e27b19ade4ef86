"""Behaviour and communication: client sentiment over time, surveys (NPS), support tickets,
notifications and their preferences, dashboard widget preferences, client contact preferences
and chat messages (the Behavior & Preferences and Communication modules of seed 001).

Everything is dated inside the client relationship and the generated history: on or after
max(onboarding date, history start), on or before the as-of date (timestamps before its end).

Sentiment moves with the market: each month's realised volatility of the market benchmark
(seeds/benchmarks.csv, is_market_benchmark) - stdev of its daily returns in the month x sqrt(252)
- is standardised (on its logarithm) across the history, and a client's score is their baseline
minus a loading (larger for cautious risk profiles) times that standardised volatility, plus a
sensitivity times the market's drawdown from its peak, plus a mood common to all clients (AR(1))
and the reading's own noise. The same expected sentiment drives survey scores, the tone of chat
messages and ticket ratings, so the tables agree with each other.

Volumes per client (they scale linearly with the number of clients; about 250k rows in all at
1,000 clients and 10 years of history):
- client_sentiment: one reading per month-end (months with at least 10 market returns);
- client_surveys: an onboarding survey for clients who join during the history, plus about
  0.9 NPS / satisfaction surveys a year;
- support_tickets: about 2 a year, open for hours to days (a few still open on the as-of date);
- notifications: quarterly statements, rebalancing confirmations (the portfolio's rebalancing
  trades), price alerts on the market's largest daily moves, quarterly and high-volatility market
  updates, yearly KYC reminders and goal updates - each on one channel the client has enabled;
- notification_preferences: every channel x notification type (4 x 6 = 24 rows);
- dashboard_preferences: 4 to 8 widgets; client_preferences: one row;
- chat_messages: about 2 conversations a year of 2 to 12 messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, advisor_at, client_window, gather
from generator.pools import COUNTRIES
from generator.reference import seed

TRADING_DAYS = 252
MIN_RETURNS = 10  # a month needs this many daily market returns to have a realised volatility
DRAWDOWN_MONTHS = 6  # a client's own drawdown: month-end value against the peak of the last 6 months
OWN_DRAWDOWN_WEIGHT = 0.5
SENTIMENT_SOURCES = ("survey", "chat", "call_notes", "email")
CHANNELS = ("email", "sms", "push", "in_app")
NOTIFICATION_TYPES = (
    "statement_ready",
    "price_alert",
    "rebalance_done",
    "kyc_reminder",
    "market_update",
    "goal_update",
)
WIDGETS = (
    "performance_chart",
    "allocation_pie",
    "goal_tracker",
    "holdings_table",
    "news_feed",
    "risk_gauge",
    "cash_flow",
    "benchmark_comparison",
)
ESG_SCORE_INTEREST = 50  # a portfolio's minimum ESG score from which the client counts as ESG-minded
PERIODS = ("MTD", "QTD", "YTD", "1Y", "3Y", "SI")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

SURVEY_COMMENTS = (
    # promoters
    "My advisor is responsive and explains things clearly.",
    "Very happy with how my portfolio has been managed.",
    "The quarterly reviews are genuinely useful.",
    "I have already recommended you to two friends.",
    "Great service, the online dashboard is easy to use.",
    "It feels like the team really knows my family's goals.",
    # passives
    "Service is fine but the fees could be more transparent.",
    "Generally good, though replies sometimes take a few days.",
    "I would like more proactive updates when markets move.",
    "The app works but the statements are hard to read.",
    "Happy overall, not sure the returns justify the fees.",
    "Onboarding took longer than I expected.",
    # detractors
    "Nobody called me when the market dropped.",
    "Too many changes of advisor in the last year.",
    "Fees are too high for the performance I got.",
    "I had to chase support three times about a transfer.",
    "The portfolio lost more than I was told it could.",
    "It is hard to reach my advisor by phone.",
)

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
HINTS = ("negative", "neutral", "positive")
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


@dataclass(frozen=True)
class Mood:
    """Monthly market pressure and each client's sensitivity to it."""

    first_month: np.datetime64  # datetime64[M] of the history start
    month_end: np.ndarray  # datetime64[D], capped at the as-of date
    volatility: np.ndarray  # realised volatility of the market benchmark (nan: too few returns)
    shock: np.ndarray  # standardised log volatility (0 where unknown)
    drawdown: np.ndarray  # market drawdown from its running peak at the month's last trading day (<= 0)
    common: np.ndarray  # mood shared by every client, AR(1)
    baseline: np.ndarray  # per client
    loading: np.ndarray  # per client: sentiment lost per standard deviation of volatility
    sensitivity: np.ndarray  # per client: sentiment per unit of market drawdown
    own_drawdown: np.ndarray  # [client, month] drawdown of the client's portfolios over the last 6 months (<= 0)

    def month(self, day: np.ndarray) -> np.ndarray:
        """Month index (0 = the history start's month) of each day."""
        index = (day.astype("datetime64[M]") - self.first_month).astype(np.int64)
        return np.clip(index, 0, len(self.month_end) - 1)

    def expected(self, row: np.ndarray, month: np.ndarray) -> np.ndarray:
        """Expected sentiment of client rows in months (before a reading's own noise)."""
        return (
            self.baseline[row]
            - self.loading[row] * self.shock[month]
            + self.sensitivity[row] * self.drawdown[month]
            + OWN_DRAWDOWN_WEIGHT * self.own_drawdown[row, month]
            + self.common[month]
        )


def _timestamps(day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """datetime64[us] from days and seconds into the day."""
    return (day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")).astype("datetime64[us]")


def _events(rng: np.random.Generator, window: Window, rate: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """A Poisson number of events per client (rate per year) on uniform days of its window,
    sorted by client then day: (client row, day)."""
    span = window.span
    count = rng.poisson(rate * span / 365.25)
    row = np.repeat(np.arange(window.n), count)
    day = window.start[row] + (rng.random(len(row)) * span[row]).astype(np.int64)
    order = np.lexsort((day, row))
    return row[order], day[order]


def _group_position(group: np.ndarray) -> np.ndarray:
    """0, 1, 2... within runs of equal consecutive values of `group`."""
    first = np.r_[True, group[1:] != group[:-1]]
    start = np.flatnonzero(first)
    return np.arange(len(group)) - np.repeat(start, np.diff(np.r_[start, len(group)]))


def _advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray) -> np.ndarray:
    return advisor_at(ctx, client_id, day, "engagement: an event")


def _market_levels(ctx: Context) -> pl.DataFrame:
    benchmarks = seed("benchmarks").filter(pl.col("is_market_benchmark").cast(pl.String).str.to_lowercase() == "true")
    code = benchmarks.get_column("benchmark_code").item()
    return (
        ctx.market.tables["benchmark_levels"]
        .filter(pl.col("benchmark_code") == code)
        .select("level_date", pl.col("index_level").cast(pl.Float64))
        .sort("level_date")
    )


def _own_drawdown(ctx: Context, window: Window, first_month: np.datetime64, n_months: int) -> np.ndarray:
    """[client, month] mean over the client's portfolios of the month-end value against its
    peak of the last DRAWDOWN_MONTHS month-ends, minus 1 (0 when no portfolio is active)."""
    values = ctx.month_end_values  # [portfolio row, trading-calendar month]
    calendar_month = (ctx.cal.days[ctx.cal.month_starts()].astype("datetime64[M]") - first_month).astype(np.int64)
    peak = np.full_like(values, np.nan)
    for lag in range(DRAWDOWN_MONTHS):  # a loop over six lags
        shifted = np.full_like(values, np.nan)
        shifted[:, lag:] = values[:, : values.shape[1] - lag]
        peak = np.fmax(peak, shifted)
    with np.errstate(invalid="ignore", divide="ignore"):
        drawdown = np.minimum(values / peak - 1, 0)
    active = np.isfinite(drawdown)
    client_row = np.searchsorted(window.client_id, ctx.portfolios.get_column("client_id").to_numpy())
    total = np.zeros((window.n, values.shape[1]))
    count = np.zeros((window.n, values.shape[1]))
    np.add.at(total, client_row, np.where(active, drawdown, 0.0))
    np.add.at(count, client_row, active)
    own = np.zeros((window.n, n_months))
    inside = (calendar_month >= 0) & (calendar_month < n_months)
    own[:, calendar_month[inside]] = (total / np.maximum(count, 1))[:, inside]
    return own


def _mood(ctx: Context, window: Window, rng: np.random.Generator) -> Mood:
    first_month = np.datetime64(ctx.config.history_start, "M")
    months = np.arange(first_month, window.as_of.astype("datetime64[M]") + 1, dtype="datetime64[M]")
    month_end = np.minimum((months + 1).astype("datetime64[D]") - 1, window.as_of)
    n_months = len(months)
    levels = _market_levels(ctx)
    day = levels.get_column("level_date").to_numpy().astype("datetime64[D]")
    level = levels.get_column("index_level").to_numpy()
    returns = pl.DataFrame(
        {"month": (day[1:].astype("datetime64[M]") - first_month).astype(np.int64), "r": level[1:] / level[:-1] - 1}
    )
    stats = returns.group_by("month").agg(pl.col("r").std(ddof=1).alias("sd"), pl.len().alias("n")).sort("month")
    volatility = np.full(n_months, np.nan)
    known = stats.filter(pl.col("n") >= MIN_RETURNS)
    volatility[known.get_column("month").to_numpy()] = known.get_column("sd").to_numpy() * np.sqrt(TRADING_DAYS)
    valid = np.isfinite(volatility) & (volatility > 0)
    log_vol = np.log(np.where(valid, volatility, 1.0))
    spread = log_vol[valid].std() if valid.sum() > 1 else 0.0
    shock = np.where(valid, (log_vol - log_vol[valid].mean()) / (spread if spread > 0 else 1.0), 0.0)
    peak_drawdown = level / np.maximum.accumulate(level) - 1
    last_day = np.searchsorted(day, month_end, side="right") - 1
    drawdown = np.where(last_day >= 0, peak_drawdown[np.maximum(last_day, 0)], 0.0)
    innovations = rng.normal(0, 0.05, n_months)
    common = np.empty(n_months)
    previous = 0.0
    for m in range(n_months):  # a loop over months
        previous = 0.6 * previous + innovations[m]
        common[m] = previous
    risk_level = (
        ctx.people.clients.get_column("risk_profile")
        .replace_strict(
            dict(zip(*seed("risk_profiles").select("risk_profile_code", "risk_level").to_dict().values(), strict=True)),
            return_dtype=pl.Float64,
        )
        .to_numpy()
    )
    n = window.n
    caution = 5 - risk_level  # 0 (aggressive) to 4 (conservative)
    return Mood(
        first_month=first_month,
        month_end=month_end,
        volatility=np.where(valid, volatility, np.nan),
        shock=shock,
        drawdown=drawdown,
        common=common,
        baseline=0.18 + 0.2 * rng.standard_normal(n),
        loading=np.clip(0.1 + 0.035 * caution + 0.04 * rng.standard_normal(n), 0.02, None),
        sensitivity=np.clip(0.3 + 0.1 * caution + 0.15 * rng.standard_normal(n), 0.0, None),
        own_drawdown=_own_drawdown(ctx, window, first_month, n_months),
    )


def _label(score: np.ndarray) -> pl.Series:
    """negative below -0.2, positive above 0.2, neutral in between (bounds included)."""
    return gather(HINTS, np.where(score < -0.2, 0, np.where(score > 0.2, 2, 1)))


def client_sentiment(window: Window, mood: Mood, rng: np.random.Generator) -> pl.DataFrame:
    n_months = len(mood.month_end)
    first = np.searchsorted(mood.month_end, window.onboarding, side="left")
    count = n_months - first
    row = np.repeat(np.arange(window.n), count)
    month = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count) + first[row]
    keep = np.isfinite(mood.volatility[month])
    row, month = row[keep], month[keep]
    k = len(row)
    score = np.round(np.clip(mood.expected(row, month) + 0.12 * rng.standard_normal(k), -1, 1), 3)
    return pl.DataFrame(
        {
            "sentiment_id": np.arange(1, k + 1, dtype=np.int64),
            "client_id": window.client_id[row],
            "measured_date": mood.month_end[month],
            "sentiment_score": score,
            "sentiment_label": _label(score),
            "source": gather(SENTIMENT_SOURCES, rng.choice(len(SENTIMENT_SOURCES), k, p=[0.15, 0.3, 0.35, 0.2])),
        }
    )


def client_surveys(ctx: Context, window: Window, mood: Mood) -> pl.DataFrame:
    rng = ctx.stream("client_surveys")
    joined = np.flatnonzero(window.onboarding >= window.start)  # clients who join during the history
    onboarding_day = window.onboarding[joined] + rng.integers(14, 61, len(joined))
    inside = onboarding_day <= window.as_of
    periodic_row, periodic_day = _events(rng, window, 0.9)
    row = np.r_[joined[inside], periodic_row]
    day = np.r_[onboarding_day[inside], periodic_day]
    kind = np.r_[np.full(int(inside.sum()), 2), rng.choice(2, len(periodic_row), p=[0.7, 0.3])]
    order = np.lexsort((kind, day, row))
    row, day, kind = row[order], day[order], kind[order]
    k = len(row)
    feeling = mood.expected(row, mood.month(day)) + 0.15 * rng.standard_normal(k)
    nps = np.clip(np.rint(7.4 + 4.0 * feeling + 1.3 * rng.standard_normal(k)), 0, 10).astype(np.int64)
    satisfaction = np.clip(np.rint(3.6 + 0.45 * (nps - 7) + 0.5 * rng.standard_normal(k)), 1, 5).astype(np.int64)
    category = np.digitize(nps, [7, 9])  # 0 detractor, 1 passive, 2 promoter
    per_category = len(SURVEY_COMMENTS) // 3
    comment = gather(SURVEY_COMMENTS, (2 - category) * per_category + rng.integers(0, per_category, k))
    silent = np.flatnonzero(rng.random(k) < 0.2)
    return pl.DataFrame(
        {
            "survey_id": np.arange(1, k + 1, dtype=np.int64),
            "client_id": window.client_id[row],
            "survey_date": day,
            "survey_type": gather(("nps", "satisfaction", "onboarding"), kind),
            "nps_score": nps,
            "satisfaction_score": satisfaction,
            "comment": comment.scatter(silent, None),
            "nps_category": gather(("detractor", "passive", "promoter"), category),
        }
    )


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
            "ticket_id": np.arange(1, k + 1, dtype=np.int64),
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


def notification_preferences(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("notification_preferences")
    n, n_channels, n_types = window.n, len(CHANNELS), len(NOTIFICATION_TYPES)
    uses_channel = rng.random((n, n_channels)) < np.array([0.92, 0.3, 0.5, 0.7])
    wants_type = rng.random((n, n_channels, n_types)) < np.array([0.95, 0.6, 0.8, 0.9, 0.5, 0.7])
    enabled = uses_channel[:, :, None] & wants_type
    enabled[:, CHANNELS.index("email"), NOTIFICATION_TYPES.index("kyc_reminder")] = True  # regulatory
    row = np.repeat(np.arange(n), n_channels * n_types)
    channel = np.tile(np.repeat(np.arange(n_channels), n_types), n)
    kind = np.tile(np.arange(n_types), n * n_channels)
    span = (window.as_of - window.onboarding).astype(np.int64) + 1
    updated = window.onboarding[row] + (rng.random(len(row)) * span[row]).astype(np.int64)
    return pl.DataFrame(
        {
            "preference_id": np.arange(1, len(row) + 1, dtype=np.int64),
            "client_id": window.client_id[row],
            "channel": gather(CHANNELS, channel),
            "notification_type": gather(NOTIFICATION_TYPES, kind),
            "is_enabled": enabled.reshape(-1),
            "updated_date": updated,
        }
    )


def _quarter_statements(window: Window, rng: np.random.Generator) -> pl.DataFrame:
    quarters = np.arange(
        window.start.min().astype("datetime64[M]"), window.as_of.astype("datetime64[M]") + 1, dtype="datetime64[M]"
    )
    quarters = quarters[quarters.astype(np.int64) % 3 == 2]  # March, June, September, December
    ends = (quarters + 1).astype("datetime64[D]") - 1
    row = np.repeat(np.arange(window.n), len(ends))
    quarter_end = np.tile(ends, window.n)
    day = quarter_end + rng.integers(3, 9, len(row))
    month = quarter_end.astype("datetime64[M]").astype(np.int64)
    keep = (quarter_end >= window.start[row]) & (day <= window.as_of)
    return pl.DataFrame(
        {
            "row": row[keep],
            "day": day[keep],
            "seconds": rng.integers(6 * 3600, 8 * 3600, len(row))[keep],
            "notification_type": "statement_ready",
            "title": pl.select(
                pl.format(
                    "Your Q{} {} statement is ready", pl.Series(month[keep] % 12 // 3 + 1), 1970 + month[keep] // 12
                )
            ).to_series(),
        }
    )


def _rebalances(ctx: Context, window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """The days a portfolio both sold and bought (its rebalancing), the evening after the trades."""
    trades = (
        ctx.rebalancing_days.join(
            ctx.portfolios.select("portfolio_id", "client_id", "portfolio_name"), on="portfolio_id"
        )
        .join(pl.DataFrame({"client_id": window.client_id, "row": np.arange(window.n)}), on="client_id")
        .sort("row", "trade_date", "portfolio_id")
    )
    day = trades.get_column("trade_date").to_numpy().astype("datetime64[D]")
    keep = day >= window.start[trades.get_column("row").to_numpy()]
    trades = trades.filter(pl.Series(keep))
    return trades.select(
        "row",
        pl.col("trade_date").alias("day"),
        pl.Series("seconds", rng.integers(18 * 3600, 21 * 3600, trades.height)),
        pl.lit("rebalance_done").alias("notification_type"),
        pl.format("Rebalancing completed: {}", "portfolio_name").alias("title"),
    )


def _price_alerts(ctx: Context, window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """The market's largest daily moves (about 1% of trading days), to most clients."""
    levels = _market_levels(ctx)
    day = levels.get_column("level_date").to_numpy().astype("datetime64[D]")[1:]
    level = levels.get_column("index_level").to_numpy()
    move = level[1:] / level[:-1] - 1
    if len(move) == 0:
        return pl.DataFrame()
    big = np.flatnonzero(np.abs(move) >= np.quantile(np.abs(move), 0.99))
    row = np.repeat(np.arange(window.n), len(big))
    event = np.tile(big, window.n)
    keep = (day[event] >= window.start[row]) & (rng.random(len(row)) < 0.7)
    row, event = row[keep], event[keep]
    percent = pl.Series(np.round(np.abs(move[event]) * 100, 1))
    verb = gather(("fell", "rose"), (move[event] > 0).astype(np.int64))
    return pl.DataFrame(
        {
            "row": row,
            "day": day[event],
            "seconds": rng.integers(16 * 3600 + 1800, 17 * 3600 + 1800, len(row)),
            "notification_type": "price_alert",
            "title": pl.select(pl.format("Price alert: markets {} {}% today", verb, percent)).to_series(),
        }
    )


def _market_updates(ctx: Context, window: Window, mood: Mood, rng: np.random.Generator) -> pl.DataFrame:
    """A quarterly outlook, and an update the first trading day after a month of high volatility."""
    month_start = mood.month_end.astype("datetime64[M]")
    after = np.searchsorted(ctx.cal.days, mood.month_end, side="right")
    exists = after < ctx.cal.n
    first_day = ctx.cal.days[np.minimum(after, ctx.cal.n - 1)]
    stormy = exists & (mood.shock > 1.0)
    quarterly = exists & ((month_start.astype(np.int64) + 1) % 3 == 0)
    month = np.r_[np.flatnonzero(quarterly), np.flatnonzero(stormy)]
    is_storm = np.r_[np.zeros(int(quarterly.sum()), dtype=bool), np.ones(int(stormy.sum()), dtype=bool)]
    row = np.repeat(np.arange(window.n), len(month))
    event = np.tile(np.arange(len(month)), window.n)
    day = first_day[month[event]]
    keep = (day >= window.start[row]) & (day <= window.as_of) & (rng.random(len(row)) < 0.8)
    row, event, day = row[keep], event[keep], day[keep]
    calendar_month = month_start[month[event]].astype(np.int64)
    next_quarter = (calendar_month + 1) % 12 // 3 + 1
    year = 1970 + (calendar_month + 1) // 12
    storm = pl.Series(is_storm[event])
    name = gather(MONTH_NAMES, calendar_month % 12)
    title = pl.select(
        pl.when(storm)
        .then(pl.format("Market update: volatility in {} {}", name, 1970 + calendar_month // 12))
        .otherwise(pl.format("Market outlook for Q{} {}", pl.Series(next_quarter), pl.Series(year)))
    ).to_series()
    return pl.DataFrame(
        {
            "row": row,
            "day": day,
            "seconds": rng.integers(7 * 3600, 9 * 3600, len(row)),
            "notification_type": "market_update",
            "title": title,
        }
    )


def _kyc_reminders(window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """Near each anniversary of the onboarding date."""
    years = int((window.as_of - window.onboarding.min()).astype(np.int64) // 365) + 1
    row = np.repeat(np.arange(window.n), years)
    anniversary = np.tile(np.arange(1, years + 1), window.n)
    day = window.onboarding[row] + (anniversary * 365.25).astype(np.int64) + rng.integers(-10, 11, len(row))
    keep = (day >= window.start[row]) & (day <= window.as_of) & (rng.random(len(row)) < 0.85)
    return pl.DataFrame(
        {
            "row": row[keep],
            "day": day[keep],
            "seconds": rng.integers(9 * 3600, 17 * 3600, len(row))[keep],
            "notification_type": "kyc_reminder",
            "title": "Please review and confirm your personal information",
        }
    )


def _goal_updates(ctx: Context, window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """About one a year per goal, from the goal's creation."""
    goals = (
        ctx.goals.select("client_id", "goal_type", "created_date")
        .join(pl.DataFrame({"client_id": window.client_id, "row": np.arange(window.n)}), on="client_id")
        .sort("row", "created_date", "goal_type")
    )
    row = goals.get_column("row").to_numpy()
    first = np.maximum(goals.get_column("created_date").to_numpy().astype("datetime64[D]"), window.start[row])
    span = np.maximum((window.as_of - first).astype(np.int64) + 1, 0)
    count = rng.poisson(span / 365.25)
    goal = np.repeat(np.arange(goals.height), count)
    day = first[goal] + (rng.random(len(goal)) * span[goal]).astype(np.int64)
    label = goals.get_column("goal_type").str.replace_all("_", " ").gather(goal)
    return pl.DataFrame(
        {
            "row": row[goal],
            "day": day,
            "seconds": rng.integers(8 * 3600, 20 * 3600, len(goal)),
            "notification_type": "goal_update",
            "title": pl.select(pl.format("Progress update on your {} goal", label)).to_series(),
        }
    )


def notifications(ctx: Context, window: Window, mood: Mood, preferences: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("notifications")
    columns = ["row", "day", "seconds", "notification_type", "title"]
    parts = [
        _quarter_statements(window, rng),
        _rebalances(ctx, window, rng),
        _price_alerts(ctx, window, rng),
        _market_updates(ctx, window, mood, rng),
        _kyc_reminders(window, rng),
        _goal_updates(ctx, window, rng),
    ]
    schema = {"row": pl.Int64, "day": pl.Date, "seconds": pl.Int64, "notification_type": pl.String, "title": pl.String}
    empty = pl.DataFrame(schema=schema)
    events = pl.concat([empty, *(part.select(columns).cast(schema) for part in parts if part.height)])  # type: ignore[arg-type]
    events = events.with_columns(pl.Series("client_id", window.client_id[events.get_column("row").to_numpy()]))
    enabled = (
        preferences.filter(pl.col("is_enabled"))
        .group_by("client_id", "notification_type")
        .agg(pl.col("channel").sort().alias("channels"))
    )
    events = events.join(enabled, on=["client_id", "notification_type"]).sort(
        "row", "day", "seconds", "notification_type", "title"
    )
    k = events.height
    day = events.get_column("day").to_numpy().astype("datetime64[D]")
    sent = _timestamps(day, events.get_column("seconds").to_numpy())
    pick = rng.random(k)
    channel = events.select(
        pl.col("channels").list.get((pl.Series(pick) * pl.col("channels").list.len()).cast(pl.Int64))
    ).to_series()
    read_probability = channel.replace_strict(
        {"email": 0.6, "sms": 0.85, "push": 0.55, "in_app": 0.75}, return_dtype=pl.Float64
    ).to_numpy()
    delay = np.maximum(np.exp(np.log(7200) + 1.5 * rng.standard_normal(k)), 30).astype(np.int64)
    read_at = sent + delay.astype("timedelta64[s]").astype("timedelta64[us]")
    is_read = (rng.random(k) < read_probability) & (read_at <= window.end_of_as_of.astype("datetime64[us]"))
    return pl.DataFrame(
        {
            "notification_id": np.arange(1, k + 1, dtype=np.int64),
            "client_id": events.get_column("client_id"),
            "sent_at": sent,
            "channel": channel,
            "notification_type": events.get_column("notification_type"),
            "title": events.get_column("title"),
            "is_read": is_read,
            "read_at": np.where(is_read, read_at, np.datetime64("NaT")).astype("datetime64[us]"),
        }
    )


def dashboard_preferences(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("dashboard_preferences")
    n, n_widgets = window.n, len(WIDGETS)
    # a client's layout: the widgets in a random order, weighted towards the usual ones
    weight = np.array([3.0, 2.5, 1.5, 2.0, 1.0, 1.2, 0.8, 0.8])
    order = np.argsort(-np.log(rng.random((n, n_widgets))) / weight, axis=1)
    count = rng.integers(4, n_widgets + 1, n)
    row = np.repeat(np.arange(n), count)
    position = _group_position(row)
    widget = order[row, position]
    span = (window.as_of - window.onboarding).astype(np.int64) + 1
    updated = window.onboarding + (rng.random(n) * span).astype(np.int64)
    theme = rng.random(n) < 0.35
    period = rng.choice(len(PERIODS), n, p=[0.1, 0.15, 0.35, 0.25, 0.1, 0.05])
    return pl.DataFrame(
        {
            "preference_id": np.arange(1, len(row) + 1, dtype=np.int64),
            "client_id": window.client_id[row],
            "widget": gather(WIDGETS, widget),
            "position": position + 1,
            "is_visible": rng.random(len(row)) < 0.9,
            "theme": gather(("light", "dark"), theme[row].astype(np.int64)),
            "default_period": gather(PERIODS, period[row]),
            "updated_date": updated[row],
        }
    )


def client_preferences(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("client_preferences")
    clients = ctx.people.clients
    n = window.n
    values = ctx.portfolios.select(
        "client_id",
        "base_currency",
        "strategy_type",
        "esg_preferences",
        pl.Series("value", ctx.closing_values, dtype=pl.Float64),
        "portfolio_id",
    )
    largest = values.sort("client_id", "value", "portfolio_id", descending=[False, True, False]).unique(
        "client_id", keep="first", maintain_order=True
    )
    esg = values.group_by("client_id").agg(
        (
            pl.col("strategy_type").str.starts_with("esg")
            | (pl.col("esg_preferences").str.json_path_match("$.min_esg_score").cast(pl.Float64) >= ESG_SCORE_INTEREST)
        )
        .any()
        .alias("esg_interest")
    )
    home = {code: currency for code, (_, _, currency, _) in COUNTRIES.items()}
    info = (
        clients.select(
            "client_id",
            "preferred_language",
            "segment_code",
            "birth_date",
            pl.col("cultural_preferences").str.json_path_match("$.preferred_channel").alias("contact_channel"),
            pl.col("residence_country").replace_strict(home, default="USD").alias("home_currency"),
        )
        .join(largest.select("client_id", "base_currency"), on="client_id", how="left")
        .join(esg, on="client_id", how="left")
        .sort("client_id")
    )
    if not np.array_equal(info.get_column("client_id").to_numpy(), window.client_id):
        raise RuntimeError("engagement: clients are expected in client_id order")
    segment = info.get_column("segment_code").to_numpy()
    frequency_p = {
        "uhnw": [0.5, 0.4, 0.1, 0.0],
        "hnw": [0.25, 0.55, 0.15, 0.05],
        "mass_affluent": [0.1, 0.45, 0.25, 0.2],
    }
    frequency = np.zeros(n, dtype=np.int64)
    for code, p in frequency_p.items():  # a loop over the three segments
        mask = segment == code
        frequency[mask] = rng.choice(4, int(mask.sum()), p=p)
    age = (window.as_of - info.get_column("birth_date").to_numpy().astype("datetime64[D]")).astype(np.int64) / 365.25
    electronic = rng.random(n) < np.where(age < 50, 0.92, np.where(age < 70, 0.75, 0.5))
    span = (window.as_of - window.onboarding).astype(np.int64) + 1
    return pl.DataFrame(
        {
            "preference_id": np.arange(1, n + 1, dtype=np.int64),
            "client_id": window.client_id,
            "contact_channel": info.get_column("contact_channel"),
            "contact_frequency": gather(("monthly", "quarterly", "semi_annual", "annual"), frequency),
            "statement_delivery": gather(("paper", "electronic"), electronic.astype(np.int64)),
            "language": info.get_column("preferred_language"),
            "reporting_currency": info.select(pl.coalesce("base_currency", "home_currency")).to_series(),
            "esg_interest": info.get_column("esg_interest").fill_null(False),
            "updated_date": window.onboarding + (rng.random(n) * span).astype(np.int64),
        }
    )


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
            "conversation_id": conv.astype(np.int64) + 1,
            "sent_at": sent,
            "sender": gather(SENDERS, sender),
            "message_text": template.str.replace("{topic}", gather(CHAT_TOPICS, topic[conv]), literal=True),
            "sentiment_hint": gather(HINTS, hint),
            "day": day,
        }
    ).filter(pl.Series(keep))
    advisor = _advisor_at(ctx, frame.get_column("client_id").to_numpy(), frame.get_column("day").to_numpy())
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("message_id"),
        "client_id",
        pl.Series("advisor_id", advisor),
        "conversation_id",
        "sent_at",
        "sender",
        "message_text",
        "sentiment_hint",
    )


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    window = client_window(ctx)
    sentiment_rng = ctx.stream("client_sentiment")
    mood = _mood(ctx, window, sentiment_rng)
    preferences = notification_preferences(ctx, window)
    return {
        "client_sentiment": client_sentiment(window, mood, sentiment_rng),
        "client_surveys": client_surveys(ctx, window, mood),
        "support_tickets": support_tickets(ctx, window, mood),
        "notification_preferences": preferences,
        "notifications": notifications(ctx, window, mood, preferences),
        "dashboard_preferences": dashboard_preferences(ctx, window),
        "client_preferences": client_preferences(ctx, window),
        "chat_messages": chat_messages(ctx, window, mood),
    }
