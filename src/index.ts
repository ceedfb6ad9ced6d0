// The Worker's entry point: the only default export.
export default {
  fetch(): Response {
    return new Response('ok');
  },
} satisfies ExportedHandler<CloudflareBindings>;
