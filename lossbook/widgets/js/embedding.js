/* Explorer programs of the similarity and embedding chapter (lossbook.widgets.embedding). */
(function (explorers) {
  "use strict";
})(globalThis.lossbookExplorers);
