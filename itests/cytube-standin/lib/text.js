'use strict';

// What CyTube does to a chat line or PM between receiving it and relaying it (src/channel/chat.js,
// src/xss.js, the default filters of src/channel/filters.js).

const LINK = /(\w+:\/\/(?:[^:/[\]\s]+|\[[0-9a-f:]+\])(?::\d+)?(?:\/[^/\s]*)*)/gi;
const LINK_PLACEHOLDER = '\ueeee';
const LINK_PLACEHOLDER_RE = /\ueeee/g;

// The default chat filters of a registered channel, in CyTube's order.
const DEFAULT_FILTERS = [
    { name: 'monospace', source: '`(.+?)`', flags: 'g', replace: '<code>$1</code>' },
    { name: 'bold', source: '\\*(.+?)\\*', flags: 'g', replace: '<strong>$1</strong>' },
    { name: 'italic', source: '_(.+?)_', flags: 'g', replace: '<em>$1</em>' },
    { name: 'strike', source: '~~(.+?)~~', flags: 'g', replace: '<s>$1</s>' },
    {
        name: 'inline spoiler',
        source: '\\[sp\\](.*?)\\[\\/sp\\]',
        flags: 'gi',
        replace: '<span class="spoiler">$1</span>',
    },
].map((f) => ({ ...f, re: new RegExp(f.source, f.flags) }));

/**
 * The text escaping as it ends up on the wire. CyTube's sanitizeText() escapes & < > " ' ( ), then
 * sanitize-html (2.x) decodes the text again and re-encodes only & < >. With `escapeQuotes` the
 * stand-in leaves the sanitizeText() form (&quot; &#39; &#40; &#41;) that older servers sent.
 */
function escapeText(str, escapeQuotes = false) {
    let s = str.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (escapeQuotes) {
        s = s.replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\(/g, '&#40;').replace(/\)/g, '&#41;');
    }
    return s;
}

function applyFilters(msg) {
    let out = msg;
    for (const f of DEFAULT_FILTERS) {
        f.re.lastIndex = 0;
        out = out.replace(f.re, f.replace);
    }
    return out;
}

/**
 * The server-side formatting of a message text (already cut and cleaned): escape, then the markup
 * filters (registered channels), then links to anchors (channel option enable_link_regex).
 */
function formatText(msg, { filters = false, linkify = true, escapeQuotes = false } = {}) {
    const escaped = escapeText(msg, escapeQuotes);
    const links = escaped.match(LINK) || [];
    let result = escaped.replace(LINK, LINK_PLACEHOLDER);
    if (filters) {
        result = applyFilters(result);
    }
    result = result.replace(LINK_PLACEHOLDER_RE, () => {
        const link = links.shift();
        if (!link) return '';
        return linkify ? `<a href="${link.replace(/"/g, '&quot;')}" target="_blank">${link}</a>` : link;
    });
    return result;
}

/** Cut to the channel's limit first, then replace ASCII control characters (unless allowed). */
function cutChat(msg, maxLength, allowAsciiControl = false) {
    let m = msg.substring(0, maxLength);
    if (!allowAsciiControl) {
        m = m.replace(/[\x00-\x1f]+/g, ' ');
    }
    return m;
}

module.exports = { escapeText, formatText, cutChat, applyFilters, DEFAULT_FILTERS };
