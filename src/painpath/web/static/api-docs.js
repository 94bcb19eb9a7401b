// Starts Swagger UI on /docs (kept out of the page: the Content-Security-Policy allows no inline script).
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
});
