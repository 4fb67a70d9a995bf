"""The closed loop (闭环): leads, cases, transfers, recommendations, deadlines, audit — one service layer."""
