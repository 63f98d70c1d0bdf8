/* Explorer programs of the classification chapters (lossbook.widgets.classification). */
