/* Corridor Atlas map layers: GeoJSON data in, Leaflet layers out.
 *
 * Every text shown comes from the data the page embeds as JSON. It reaches the page only as
 * DOM text (textContent) or, where Leaflet and streamlit-folium need a string (tooltips), as
 * HTML-escaped text. Links are set only for http(s) urls. Nothing here builds HTML from data.
 */
(function (global) {
  "use strict";

  var HTTP = /^https?:\/\/[^\s\/]/i;

  function escapeHtml(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text != null) { node.textContent = String(text); }
    return node;
  }

  function link(url, text) {
    if (typeof url !== "string" || !HTTP.test(url)) { return el("span", null, text); }
    var a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function buildPopup(spec) {
    var root = el("div", "atlas-popup" + (spec.type === "claim" ? " atlas-claim" : ""));
    root.setAttribute("data-" + (spec.type === "claim" ? "claim" : "feature") + "-id", spec.id);
    if (spec.title) { root.appendChild(el("h4", null, spec.title)); }
    if (spec.quote) { root.appendChild(el("blockquote", null, spec.quote)); }
    if (spec.cite) {
      var cite = el("p", "atlas-cite");
      if (spec.cite.n) { cite.appendChild(document.createTextNode("[" + spec.cite.n + "] ")); }
      cite.appendChild(link(spec.cite.url, spec.cite.title));
      if (spec.cite.meta) {
        cite.appendChild(el("br"));
        cite.appendChild(el("span", "atlas-meta", spec.cite.meta));
      }
      root.appendChild(cite);
    }
    if (spec.rows && spec.rows.length) {
      var table = el("table");
      spec.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", null, row[0]));
        tr.appendChild(el("td", null, row[1]));
        table.appendChild(tr);
      });
      root.appendChild(table);
    }
    if (spec.notes) { root.appendChild(el("p", "atlas-notes", spec.notes)); }
    if (spec.flags && spec.flags.length) {
      var box = el("div", "atlas-flags");
      box.appendChild(el("b", null, "Flags"));
      var ul = el("ul");
      spec.flags.forEach(function (flag) { ul.appendChild(el("li", null, flag)); });
      box.appendChild(ul);
      root.appendChild(box);
    }
    if (spec.sources && spec.sources.length) {
      root.appendChild(el("p", "atlas-src-head", "Sources"));
      var ol = el("ol", "atlas-sources");
      spec.sources.forEach(function (source) {
        var li = el("li");
        li.appendChild(document.createTextNode("[" + source.n + "] "));
        li.appendChild(link(source.url, source.title));
        ol.appendChild(li);
      });
      root.appendChild(ol);
    }
    return root;
  }

  // The open popup is remembered in the page (the app's map frame outlives a rerun), so
  // when the app redraws its layers the popup the reader opened comes back.
  function bind(layer, props, popupOptions) {
    if (props.tip) { layer.bindTooltip(escapeHtml(props.tip), {sticky: true}); }
    if (props.popup) {
      var content = function () { return buildPopup(props.popup); };
      // A responsive popup opens on whichever side of the point it fits, so opening one
      // never pans the map away from the view the reader chose.
      layer.bindPopup(L.responsivePopup
        ? L.responsivePopup(Object.assign({autoPan: false}, popupOptions)).setContent(content)
        : content, popupOptions);
      layer.on("popupopen", function () { global.__atlasOpenPopup = props.id; });
      layer.on("popupclose", function () {
        setTimeout(function () {
          // Closed by the reader, not removed with its layer by a redraw.
          if (layer._map && global.__atlasOpenPopup === props.id) {
            global.__atlasOpenPopup = null;
          }
        }, 0);
      });
    }
  }

  function reopen(group) {
    var wanted = global.__atlasOpenPopup;
    if (!wanted) { return; }
    group.eachLayer(function (layer) {
      var props = layer.feature && layer.feature.properties;
      if (props && props.id === wanted && layer.getPopup() && !layer.isPopupOpen()) {
        var where = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
        layer.openPopup(where);
      }
    });
  }

  // Labels thin out at low zoom: the map container carries a zoom class the CSS reads.
  function watchZoom(map) {
    if (!map || map._atlasZoomWatched) { return; }
    map._atlasZoomWatched = true;
    var update = function () {
      var zoom = map.getZoom();
      var container = map.getContainer();
      container.classList.toggle("atlas-zoom-low", zoom < 7);
      container.classList.toggle("atlas-zoom-high", zoom >= 9);
    };
    map.on("zoomend", update);
    update();
  }

  function label(text, className, colour) {
    var tip = L.tooltip({permanent: true, direction: "center", interactive: false,
                         className: "atlas-label " + className});
    tip.setContent(escapeHtml(text));
    tip.on("add", function () {
      if (colour) { tip.getElement().style.setProperty("--atlas-colour", colour); }
    });
    return tip;
  }

  function routes(data, options) {
    var group = L.geoJSON(data, {
      style: function (feature) { return feature.properties.style; },
      onEachFeature: function (feature, layer) {
        bind(layer, feature.properties, options.popup);
        var style = feature.properties.style;
        layer.on("mouseover", function () { layer.setStyle({weight: style.weight + 3}); });
        layer.on("mouseout", function () { layer.setStyle({weight: style.weight}); });
      }
    });
    if (options.label) {
      group.addLayer(L.layerGroup([
        label(options.label.text,
              "atlas-label-route" + (options.label.minor ? " atlas-label-minor" : ""),
              options.label.colour)
          .setLatLng(options.label.at)
      ]));
    }
    group.on("add", function () {
      watchZoom(group._map);
      group.eachLayer(function (layer) {
        if (layer.feature && layer.feature.properties.selected) { layer.bringToFront(); }
      });
      setTimeout(function () { reopen(group); }, 0);
    });
    return group;
  }

  function points(data, options) {
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, feature.properties.marker);
      },
      onEachFeature: function (feature, layer) { bind(layer, feature.properties, options.popup); }
    });
  }

  // Ports and terminals are markers above the claim markers and clusters, so a claim dot
  // never hides a port; each carries its name as a label from zoom 7.
  function ports(data, options) {
    var tags = [];
    var group = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var dot = el("div", "atlas-port-dot");
        dot.style.setProperty("background", feature.properties.colour || "#333333");
        var marker = L.marker(latlng, {
          icon: L.divIcon({html: dot, className: "atlas-port-icon", iconSize: [15, 15],
                           iconAnchor: [7, 7]}),
          zIndexOffset: 1000, keyboard: true, title: ""
        });
        return marker;
      },
      onEachFeature: function (feature, layer) {
        bind(layer, feature.properties, options.popup);
        if (feature.properties.label) {
          var tag = L.tooltip({permanent: true, direction: "right", offset: [8, 0],
                               interactive: false, className: "atlas-label atlas-label-port"});
          tag.setContent(escapeHtml(feature.properties.label));
          tag.setLatLng(layer.getLatLng());
          tags.push(tag);
        }
      }
    });
    group.addLayer(L.layerGroup(tags));
    group.on("add", function () {
      watchZoom(group._map);
      setTimeout(function () { reopen(group); }, 0);
    });
    return group;
  }

  // A claim marker's icon: one per topic and flag state, shared by every marker of that kind;
  // its DOM is made only when a marker is shown (markers inside a cluster never are).
  var ClaimIcon = null;

  function claimIcon(topic, flagged, colours) {
    if (!ClaimIcon) {
      ClaimIcon = L.DivIcon.extend({
        options: {html: false, className: "atlas-claim-icon", iconSize: [16, 16],
                  iconAnchor: [8, 8]},
        createIcon: function (oldIcon) {
          var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
          var dot = el("div", "atlas-claim-dot" + (this.options.flagged ? " flagged" : ""),
                       this.options.flagged ? "!" : "");
          dot.style.setProperty("background", this.options.colour);
          div.appendChild(dot);
          return div;
        }
      });
    }
    return new ClaimIcon({flagged: flagged, colour: colours[topic] || "#333333"});
  }

  // A claim's popup, read from its row only when the popup opens (buildPopup reads these
  // getters), so a page of many claims holds no popup content it has not shown.
  function ClaimSpec(data, at, row) {
    this._data = data;
    this._at = at;
    this._row = row;
  }

  function joined(table, positions) {
    return positions.map(function (i) { return table[i]; }).join(", ");
  }

  ClaimSpec.prototype = {
    type: "claim",
    get id() { return this._row[this._at.id]; },
    get quote() { return this._row[this._at.quote]; },
    get cite() { return this._data.sources[this._row[this._at.source]]; },
    get flags() { return this._row[this._at.flags]; },
    get rows() {
      var data = this._data, at = this._at, row = this._row;
      return [
        ["Topic", data.topics[row[at.topic]] + " · " + data.origins[row[at.origin]]],
        ["Concerns", joined(data.names, row[at.features])],
        ["Places", joined(data.places, row[at.places])]
      ].filter(function (pair) { return pair[1]; });
    }
  };

  // The quote cut to 90 characters (code points, as geo/claim_layer.py counts them).
  function claimTip(quote, flagged) {
    var short = quote;
    if (quote.length > 90) {
      if (!/[\uD800-\uDFFF]/.test(quote)) {
        short = quote.slice(0, 87) + "…";
      } else {
        var chars = Array.from(quote);
        if (chars.length > 90) { short = chars.slice(0, 87).join("") + "…"; }
      }
    }
    return (flagged ? "⚠ " : "") + short;
  }

  // Claims come as one table (geo/claim_layer.py): a row per claim and the text many claims
  // share written once. Each marker holds its row; its popup and icon DOM are made when shown.
  function claims(data, options) {
    var at = {};
    data.fields.forEach(function (name, i) { at[name] = i; });
    var icons = {};
    var markers = data.rows.map(function (row) {
      var topic = data.topics[row[at.topic]];
      var flagged = row[at.flags].length > 0;
      var key = (flagged ? "!" : "-") + topic;
      var props = {id: row[at.id], topic: topic, flagged: flagged,
                   tip: claimTip(row[at.quote], flagged), popup: new ClaimSpec(data, at, row)};
      var marker = L.marker([row[at.lat], row[at.lon]], {
        icon: icons[key] || (icons[key] = claimIcon(topic, flagged, options.colours)),
        keyboard: true, title: ""
      });
      marker.feature = {type: "Feature", geometry: null, properties: props};
      bind(marker, props, options.popup);
      return marker;
    });
    var cluster = L.markerClusterGroup(options.cluster);
    // Markers join the cluster once it is on the map: before that, markercluster checks each
    // new marker against every one queued so far (quadratic: 12 s at 100,000 claims).
    cluster.once("add", function () { cluster.addLayers(markers); });
    return cluster;
  }

  // Country rings come as integer steps from the previous vertex in 1/scale degree
  // (geo/mapping.py), a third of the bytes of decimal coordinates; here they become GeoJSON.
  function countryRing(steps, scale) {
    var ring = [], x = 0, y = 0;
    for (var i = 0; i < steps.length; i += 2) {
      x += steps[i];
      y += steps[i + 1];
      ring.push([x / scale, y / scale]);
    }
    return ring;
  }

  function countries(data, options) {
    var shapes = data.features.map(function (feature) {
      return {type: "Feature", properties: feature.properties, geometry: {
        type: "MultiPolygon",
        coordinates: feature.polygons.map(function (rings) {
          return rings.map(function (steps) { return countryRing(steps, data.scale); });
        })
      }};
    });
    return L.geoJSON({type: "FeatureCollection", features: shapes},
                     {style: options.style, interactive: false});
  }

  global.AtlasMap = {
    escapeHtml: escapeHtml,
    buildPopup: buildPopup,
    routes: routes,
    points: points,
    ports: ports,
    claims: claims,
    countries: countries
  };
})(window);
