-- The GoHighLevel template gains "GoHighLevel sends the reminders of its appointments" (remindersFromGoHighLevel).
-- Added beside the schema's other properties rather than replacing the schema, which platform admins may have edited.
UPDATE "IntegrationTemplate"
SET "configSchema" = jsonb_set(
  "configSchema",
  '{properties,remindersFromGoHighLevel}',
  '{"type":"boolean","title":"GoHighLevel sends the reminders of its appointments","description":"Turn on when a GoHighLevel workflow reminds leads of appointments: bookings that are also in GoHighLevel then get no reminders from here, so nobody is reminded twice.","default":false}'::jsonb
)
WHERE "key" = 'gohighlevel' AND jsonb_typeof("configSchema"->'properties') = 'object' AND NOT ("configSchema"->'properties' ? 'remindersFromGoHighLevel');
