-- The SLA report walks status events and customer messages in ticket order,
-- and distribution counts each operator's open tickets: covering indexes for both.
CREATE INDEX events_sla_timeline ON events (kind, ticket_id, time, id, new);
CREATE INDEX interactions_sla_customer ON interactions (ticket_id, time)
    WHERE direction = 'in' AND automatic = 0 AND deleted = 0;
CREATE INDEX tickets_operator_load ON tickets (assignee, status, deleted, merged_into);
