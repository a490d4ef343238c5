package dev.tether.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The "Tether" page of the Felix Web Console. The page is static HTML; {@code res/tether.js}
 * fetches the JSON API below the page ({@code …/tether/api/…}, behind the Web Console's login)
 * and refreshes the sections in place.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + TetherPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Tether",
        ServletConstants.PLUGIN_CATEGORY + "=Tether"})
public class TetherPlugin extends AbstractServlet {

    static final String LABEL = "tether";
    private static final String API_PREFIX = "/" + LABEL + "/api";
    private static final long serialVersionUID = 1L;

    private final transient ConsoleApi api;
    private final String template;

    @Activate
    public TetherPlugin(@Reference ConsoleApi api) throws IOException {
        this.api = api;
        try (InputStream in = TetherPlugin.class.getResourceAsStream("/templates/tether.html")) {
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (isApiCall(request)) {
            answer(request, response);
        } else {
            super.doGet(request, response);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object pluginRoot = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String apiRoot = (pluginRoot == null ? "" : pluginRoot.toString()) + "/api";
        response.getWriter().write(template
                .replace("${apiRoot}", escapeAttribute(apiRoot))
                .replace("${resRoot}", escapeAttribute((pluginRoot == null ? "" : pluginRoot.toString()) + "/res"))
                .replace("${csrfHeader}", CsrfCheck.HEADER));
    }

    private static boolean isApiCall(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path != null && (path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/"));
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isApiCall(request)) {
            ServletExchange.write(response, ApiResponse.error(404, "no such page"), api.json());
            return;
        }
        ApiResponse answer = CsrfCheck.check(request.getMethod(), request.getHeader("Origin"), request.getHeader("Host"),
                request.getHeader(CsrfCheck.HEADER)).map(message -> ApiResponse.error(403, message)).orElse(null);
        if (answer == null) {
            try {
                answer = api.handle(ServletExchange.toApiRequest(request, request.getPathInfo().substring(API_PREFIX.length())));
            } catch (IllegalArgumentException e) {
                answer = ApiResponse.error(413, e.getMessage());
            }
        }
        ServletExchange.write(response, answer, api.json());
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
