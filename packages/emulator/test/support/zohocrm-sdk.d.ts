// The official Zoho CRM Node SDK ships no typings; the integration test drives it untyped.
declare module '@zohocrm/nodejs-sdk-8.0';
